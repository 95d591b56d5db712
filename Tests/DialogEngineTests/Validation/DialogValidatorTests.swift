import DialogEngine
import Foundation
import Testing

@Suite("Dialog validation")
struct DialogValidatorTests {
  static let broken = [
    "dangling-target", "unreachable-node", "no-end-reachable", "unknown-slot", "unknown-finding",
    "undeclared-choice", "duplicate-id", "no-fallback", "unknown-key", "unknown-ask-slot",
    "unknown-disposition",
    "number-compared-choice", "bad-yaml", "wording-without-default", "unknown-group-member",
    "dangling-coverage", "undeclared-condition",
  ]

  @Test("the minimal fixture and the CRS dialog have no problem at all")
  func validDialogsHaveNoDiagnostics() {
    #expect(DialogLoader.check(path: Fixtures.path("minimal")).diagnostics.isEmpty)
    #expect(DialogLoader.check(path: Fixtures.crsPath).diagnostics.isEmpty)
  }

  /// Each broken fixture marks the lines an error must point at with `# expect: <message>`.
  @Test("each broken dialog is rejected with an error at the marked line", arguments: broken)
  func brokenDialogIsRejectedAtItsLine(name: String) throws {
    let path = Fixtures.path(name)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let expected = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().flatMap {
      number, line in
      line.components(separatedBy: "# expect: ").dropFirst().map {
        (line: number + 1, message: $0.trimmingCharacters(in: .whitespaces))
      }
    }.filter { $0.line > 2 }
    #expect(!expected.isEmpty, "the fixture marks no expected error")

    let errors = DialogLoader.check(path: path).diagnostics.filter { $0.severity == .error }
    for expectation in expected {
      #expect(
        errors.contains { $0.location.line == expectation.line && $0.message.contains(expectation.message) },
        "expected at line \(expectation.line): \(expectation.message); got \(errors.map(\.description))")
    }
    #expect(errors.allSatisfy { $0.location.file == path })
    #expect(throws: DialogError.self) { try DialogLoader.load(path: path) }
  }

  /// A translator sees what is missing at the place of the text to translate.
  @Test("a text missing from a translation is an error at the line of its original")
  func missingTranslation() throws {
    let folder = FileManager.default.temporaryDirectory.appending(path: "translation-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let dialogs = Fixtures.repository.appending(path: "Dialogs")
    for name in ["crs.yaml", "crs.en.yaml"] {
      try FileManager.default.copyItem(at: dialogs.appending(path: name), to: folder.appending(path: name))
    }
    // The Spanish words without the opening question's text.
    let spanish = try String(contentsOf: dialogs.appending(path: "crs.es.yaml"), encoding: .utf8)
    let lines = spanish.split(separator: "\n", omittingEmptySubsequences: false)
    let opening = try #require(lines.firstIndex { $0.hasPrefix("  opening:") })
    #expect(lines[opening + 1].hasPrefix("    text:"))
    // The `text:` line and the lines of its folded text, indented below it.
    let folded = lines[(opening + 2)...].prefix { $0.hasPrefix("      ") }.count
    let without = lines.enumerated().filter { !((opening + 1)...(opening + 1 + folded)).contains($0.offset) }
    try without.map(\.element).joined(separator: "\n").write(
      to: folder.appending(path: "crs.es.yaml"), atomically: true, encoding: .utf8)
    let path = folder.appending(path: "crs.yaml").path
    let errors = DialogLoader.check(path: path).diagnostics.filter { $0.severity == .error }
    let line = try #require(Fixtures.crs.node("opening")?.location.line)
    #expect(errors.count == 1, "\(errors)")
    #expect(errors.first?.location.file == path)
    #expect(errors.first?.location.line == line)
    #expect(errors.first?.message.contains("node `opening` has no `text`") == true)
  }

  @Test("a missing file is reported, not crashed on")
  func missingFileIsReported() {
    let diagnostics = DialogLoader.check(path: "/nonexistent/dialog.yaml").diagnostics
    #expect(diagnostics.count == 1)
    #expect(diagnostics[0].description.hasPrefix("/nonexistent/dialog.yaml:1:1: error: cannot read"))
  }

  @Test("a file that is not UTF-8 is reported")
  func binaryFileIsReported() throws {
    let path = FileManager.default.temporaryDirectory.appending(path: "binary-\(UUID()).yaml").path
    try Data([0xFF, 0xFE, 0x00, 0x80]).write(to: URL(filePath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(
      DialogLoader.check(path: path).diagnostics.map(\.message) == ["the dialog file is not valid UTF-8 text"]
    )
  }

  @Test("the dialog's fingerprint is the SHA-256 of its bytes")
  func sourceCarriesSHA256() throws {
    let yaml = try String(contentsOfFile: Fixtures.path("minimal"), encoding: .utf8)
    let other = DialogLoader.read(yaml: yaml + "\n# changed\n", path: "x.yaml").dialog
    #expect(Fixtures.minimal.source.sha256.count == 64)
    #expect(other?.source.sha256 != Fixtures.minimal.source.sha256)
    #expect(
      DialogLoader.read(yaml: yaml, path: "y.yaml").dialog?.source.sha256 == Fixtures.minimal.source.sha256)
  }
}
