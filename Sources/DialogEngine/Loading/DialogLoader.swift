import Crypto
import Foundation
import Yams

/// Reads a dialog file, decodes it and validates it. This is the engine's only I/O: it reads one file
/// once, at start, and fingerprints its bytes.
public enum DialogLoader {
  /// The dialog, ready to run; throws every error found (warnings alone do not stop it).
  public static func load(path: String) throws(DialogError) -> Dialog {
    let (dialog, diagnostics) = check(path: path)
    let errors = diagnostics.filter { $0.severity == .error }
    guard let dialog, errors.isEmpty else { throw DialogError(errors) }
    return dialog
  }

  /// Decodes and validates text already in memory; `path` names it in diagnostics, and a lexicon it names
  /// (`lexicon: crs.en.yaml`) is read from beside it.
  public static func read(yaml: String, path: String) -> (dialog: Dialog?, diagnostics: [Diagnostic]) {
    let reader = YAMLReader(file: path)
    let root: Yams.Node?
    do {
      root = try Yams.compose(yaml: yaml)
    } catch {
      return (nil, [yamlDiagnostic(error, yaml: yaml, path: path)])
    }
    guard let root else {
      return (nil, [.error(at: SourceLocation(file: path, line: 1, column: 1), "the dialog file is empty")])
    }
    var bytes = Data(yaml.utf8)
    var lexiconDiagnostics: [Diagnostic] = []
    /// A lexicon named at `node`, read from beside the dialog.
    func lexicon(named node: Yams.Node) -> (lexicon: Lexicon, file: String)? {
      guard let name = node.string else {
        lexiconDiagnostics.append(
          .error(at: reader.location(of: node), "a lexicon should be named by its file"))
        return nil
      }
      let lexiconPath = URL(filePath: path).deletingLastPathComponent().appending(path: name).path
      guard
        let text = lexiconText(
          at: lexiconPath, namedAt: reader.location(of: node), problems: &lexiconDiagnostics)
      else { return nil }
      // The fingerprint covers the words too: a transcript names the very words a patient was read by.
      bytes += Data("\n".utf8) + Data(text.utf8)
      let lexiconReader = YAMLReader(file: lexiconPath)
      defer { lexiconDiagnostics += lexiconReader.diagnostics }
      do {
        guard let lexiconRoot = try Yams.compose(yaml: text) else { return nil }
        return DialogDecoder(reader: lexiconReader).lexicon(lexiconRoot).map { ($0, lexiconPath) }
      } catch {
        lexiconDiagnostics.append(yamlDiagnostic(error, yaml: text, path: lexiconPath))
        return nil
      }
    }
    let lexicon = root["lexicon"].flatMap(lexicon(named:))?.lexicon
    let translations =
      root["languages"].map { reader.sequence($0, "`languages`").compactMap(lexicon(named:)) } ?? []
    let source = DialogSource(path: path, sha256: SHA256.hex(of: bytes))
    let dialog = DialogDecoder(reader: reader).dialog(
      root, source: source, lexicon: lexicon, translations: translations)
    let problems = dialog.map(DialogValidator.validate) ?? []
    return (dialog, sortedByPosition(reader.diagnostics + problems) + lexiconDiagnostics)
  }

  private static func lexiconText(
    at path: String, namedAt location: SourceLocation, problems: inout [Diagnostic]
  ) -> String? {
    guard let data = FileManager.default.contents(atPath: path) else {
      problems.append(.error(at: location, "cannot read the lexicon \(path) (missing, or not readable)"))
      return nil
    }
    guard let text = String(data: data, encoding: .utf8) else {
      problems.append(.error(at: location, "the lexicon \(path) is not valid UTF-8 text"))
      return nil
    }
    return text
  }

  /// The dialog if it could be decoded, and every problem of the file, errors and warnings, for
  /// `crscheck validate`.
  public static func check(path: String) -> (dialog: Dialog?, diagnostics: [Diagnostic]) {
    let start = SourceLocation(file: path, line: 1, column: 1)
    guard let data = FileManager.default.contents(atPath: path) else {
      return (nil, [.error(at: start, "cannot read the dialog file (missing, or not readable)")])
    }
    guard let yaml = String(data: data, encoding: .utf8) else {
      return (nil, [.error(at: start, "the dialog file is not valid UTF-8 text")])
    }
    return read(yaml: yaml, path: path)
  }

  private static func yamlDiagnostic(_ error: any Error, yaml: String, path: String) -> Diagnostic {
    func at(_ mark: Mark) -> SourceLocation {
      // libyaml ends a file without a final newline on a line after it, which no editor shows: a problem
      // found there (an unclosed bracket) is pointed at the end of the last line instead.
      let lines = yaml.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
      if mark.line > lines.count, let last = lines.last {
        return SourceLocation(file: path, line: lines.count, column: last.unicodeScalars.count + 1)
      }
      return SourceLocation(file: path, line: mark.line, column: mark.column)
    }
    switch error as? YamlError {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return .error(at: at(mark), "this is not valid YAML: \(problem)")
    case .duplicatedKeysInMapping(let duplicates, let context):
      return .error(
        at: at(context.mark), "a key appears twice in one mapping: \(duplicates.joined(separator: ", "))")
    default:
      return .error(at: SourceLocation(file: path, line: 1, column: 1), "this is not valid YAML: \(error)")
    }
  }

  private static func sortedByPosition(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    diagnostics.enumerated().sorted { lhs, rhs in
      let (l, r) = (lhs.element.location, rhs.element.location)
      return (l.line, l.column, lhs.offset) < (r.line, r.column, rhs.offset)
    }.map(\.element)
  }
}
