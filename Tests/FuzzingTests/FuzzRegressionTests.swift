import Foundation
import Fuzzing
import Testing

/// Every seed of the fuzz corpus, and every input that once broke a fuzz target, replayed through the same
/// `FuzzTarget.check` the fuzzer runs, so a fixed crash stays fixed without a fuzzer.
@Suite("Fuzzing: kept inputs replay clean")
struct FuzzRegressionTests {
  static let directory = URL(filePath: #filePath).deletingLastPathComponent()

  @Test("every kept input passes its target's properties", arguments: FuzzTarget.allCases)
  func keptInputs(target: FuzzTarget) throws {
    let files = ["Seeds", "Regressions"].flatMap { Self.files(in: $0, for: target) }
    #expect(!files.isEmpty, "the seed corpus of \(target.rawValue) is missing")
    for file in files {
      do {
        try target.check(Array(try Data(contentsOf: file)))
      } catch {
        Issue.record("\(file.lastPathComponent): \(error)")
      }
    }
  }

  private static func files(in folder: String, for target: FuzzTarget) -> [URL] {
    let url = directory.appending(path: folder).appending(path: target.rawValue)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
    return names.sorted().map { url.appending(path: $0) }
  }
}
