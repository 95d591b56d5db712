import DialogEngine
import Foundation
import Testing

/// A dialog whose words are kept in a lexicon beside it: the medicine in one file, the words in another.
@Suite("Dialog loading: words kept in a lexicon")
struct LexiconTests {
  let folder = FileManager.default.temporaryDirectory.appending(path: "lexicon-\(UUID())").path

  /// The minimal fixture naming `lexicon.en.yaml`, written beside it with `words`.
  func dialog(lexicon words: String?) throws -> String {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let medicine = try String(contentsOfFile: Fixtures.path("minimal"), encoding: .utf8)
      .replacingOccurrences(of: "start: hello\n", with: "start: hello\nlexicon: lexicon.en.yaml\n")
    let path = folder + "/minimal.yaml"
    try medicine.write(toFile: path, atomically: false, encoding: .utf8)
    try words?.write(toFile: folder + "/lexicon.en.yaml", atomically: false, encoding: .utf8)
    return path
  }

  @Test("the product's findings, choices and topics take their phrases from its lexicon")
  func productLexicon() {
    #expect(Fixtures.crs.finding("rapid_heartbeat")?.phrases.contains("palpitations") == true)
    #expect(Fixtures.crs.finding("skin_discoloration")?.parts.isEmpty == false)
    #expect(
      Fixtures.crs.slot("therapy")?.choices.first { $0.id == "car_t" }?.phrases.contains("carvykti") == true)
    #expect(Fixtures.crs.topic("what_is_crs")?.phrases.isEmpty == false)
    #expect(Fixtures.crs.language.shorthand["idk"] == "i dont know")
  }

  @Test("a lexicon's phrases are understood, and change the dialog's fingerprint")
  func phrasesAreAdded() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = try dialog(lexicon: "lexicon: minimal\nfindings:\n  breathless:\n    phrases: [puffed out]\n")
    let loaded = try DialogLoader.load(path: path)
    #expect(loaded.finding("breathless")?.phrases.contains("puffed out") == true)
    let plain = try DialogLoader.load(path: Fixtures.path("minimal"))
    #expect(loaded.source.sha256 != plain.source.sha256)
  }

  @Test("words for a finding the dialog does not declare are an error at the lexicon's line")
  func undeclaredFinding() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = try dialog(lexicon: "lexicon: minimal\nfindings:\n  hiccups:\n    phrases: [hic]\n")
    let errors = DialogLoader.check(path: path).diagnostics.filter { $0.severity == .error }
    #expect(
      errors.contains {
        $0.location.file.hasSuffix("lexicon.en.yaml") && $0.location.line == 4
          && $0.message.contains("`hiccups`")
      }, "\(errors)")
  }

  @Test("a lexicon that cannot be read is an error where the dialog names it")
  func missingLexicon() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = try dialog(lexicon: nil)
    let errors = DialogLoader.check(path: path).diagnostics.filter { $0.severity == .error }
    #expect(
      errors.contains { $0.location.file == path && $0.location.line == 5 && $0.message.contains("lexicon") },
      "\(errors)")
  }
}
