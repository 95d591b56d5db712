import DialogEngine
import Foundation

/// Any bytes as a dialog file, through the loader and the validator exactly as `crscheck validate` reads
/// them: a dialog or diagnostics, never a crash, and every problem pointing at a place in the file.
enum DialogLoaderHarness {
  private static let path = "fuzz.yaml"

  static func check(_ input: [UInt8]) throws(PropertyViolation) {
    // The loader refuses bytes that are not UTF-8 before it parses anything, as `DialogLoader.check` does.
    guard let yaml = String(validating: input, as: UTF8.self) else { return }
    let (dialog, diagnostics) = DialogLoader.read(yaml: yaml, path: path)

    // Lines as YAML and editors count them: a carriage return alone, or a Unicode line separator, ends one.
    let lines = yaml.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count
    for diagnostic in diagnostics {
      let location = diagnostic.location
      try PropertyViolation.require(
        location.file == path && (1...lines).contains(location.line) && location.column >= 1,
        "a diagnostic points outside the file's \(lines) lines: \(diagnostic)")
    }
    let positions = diagnostics.map { [$0.location.line, $0.location.column] }
    try PropertyViolation.require(
      positions == positions.sorted { $0.lexicographicallyPrecedes($1) },
      "diagnostics are not in the order of the file: \(diagnostics)")

    let errors = diagnostics.filter { $0.severity == .error }
    guard let dialog, errors.isEmpty else {
      try PropertyViolation.require(!errors.isEmpty, "no dialog was made, yet no error says why")
      return
    }
    // A dialog that passes validation can be run: it opens with a question or ends at once with advice.
    let step = Engine(dialog: dialog).start(id: "fuzz", at: Date(timeIntervalSince1970: 0))
    switch step.events.last {
    case .ask?:
      try PropertyViolation.require(step.session.isActive, "a dialog asks but its session is over")
    case .bye?:
      try PropertyViolation.require(!step.session.isActive, "a dialog says goodbye but its session goes on")
    default:
      throw PropertyViolation("a valid dialog starts with neither a question nor a goodbye: \(step.events)")
    }
  }
}
