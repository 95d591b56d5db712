import DialogEngine
import Foundation
import Testing

@Suite("validate --exhaustive")
struct ExhaustiveCheckTests {
  /// At the first question and at one in the middle, in both languages: scripts/test runs
  /// `crscheck validate --exhaustive` on the product's dialog at every question before the tests, and a
  /// second whole run here would take a core from the timed tests for minutes.
  @Test("every emergency phrase of the CRS dialog, in both languages, reaches the emergency advice")
  func crsDialogPasses() {
    let check = ExhaustiveCheck(Fixtures.crs, only: ["opening", "ask_symptoms"])
    #expect(check.misses.isEmpty, "\(check.misses.prefix(5))")
    #expect(check.emergencyFindings.count == 15)
    #expect(check.runs > 20000)
    #expect(check.languages == ["en", "es"], "Spanish is proved as English is")
    #expect(check.uncovered.isEmpty)
    #expect(check.passed)
  }

  @Test("a phrase another finding takes first is caught at every question, as is an uncovered concept")
  func unsafeDialogFails() throws {
    let dialog = try DialogLoader.load(path: Fixtures.path("unsafe-phrase"))
    let check = ExhaustiveCheck(dialog)
    let questions = dialog.nodes.filter { if case .ask = $0.kind { true } else { false } }
    #expect(check.misses.count == questions.count)
    #expect(check.misses.allSatisfy { $0.phrase == "cant breathe" && $0.finding == "breathless" })
    #expect(check.uncovered.map(\.concept) == ["chills"])
    #expect(!check.passed)
  }

  /// The seed's own lists: every bullet and every grade must be a concept the dialog says it covers.
  @Test(
    "the coverage list names every item the medical source lists",
    .enabled(if: FileManager.default.fileExists(atPath: seedPath)))
  func coverageMatchesTheSeed() throws {
    let seed = try String(contentsOfFile: Self.seedPath, encoding: .utf8)
    let items = seed.split(separator: "\n").compactMap { line -> String? in
      if line.hasPrefix("- ") { return String(line.dropFirst(2)) }
      if line.hasPrefix("grade "), let cell = line.split(separator: "|").first { return String(cell) }
      return nil
    }.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    let concepts = Set(Fixtures.crs.coverage.map { $0.concept.lowercased() })
    #expect(items.count >= 70, "the source was read")
    for item in items {
      #expect(concepts.contains(item), "the source lists “\(item)”, which the coverage does not name")
    }
  }

  static let seedPath = Fixtures.repository.deletingLastPathComponent()
    .appending(path: "shared/seed/cytokine-release-syndrome.txt").path
}
