import DialogEngine
import Foundation
import Testing
import Yams

/// Single-line emergencies in words nobody who wrote the lexicon chose: `Fixtures/heldout-emergencies.yaml`
/// was written by a helper who had not read Dialogs/, and the lexicon is never tuned to its lines one by
/// one. Each line, typed as the opening line, must end in the emergency advice at once.
@Suite("Held-out single-line emergencies on Dialogs/crs.yaml")
struct HeldOutEmergencyTests {
  struct File: Codable {
    var emergencies: [String: [String]]
    var not_emergencies: [String]
  }

  static let file: File = {
    let text = try! String(contentsOfFile: Fixtures.path("heldout-emergencies"), encoding: .utf8)
    return try! YAMLDecoder().decode(File.self, from: text)
  }()

  static func disposition(afterOpening line: String) -> String? {
    var patient = Patient(Fixtures.crs)
    patient.say(line)
    return patient.disposition
  }

  @Test("the held-out set has at least 30 phrasings for each emergency finding")
  func setIsLargeEnough() {
    #expect(Self.file.emergencies.count >= 15)
    for (finding, lines) in Self.file.emergencies {
      #expect(lines.count >= 30, "\(finding)")
    }
  }

  @Test("every held-out emergency line ends in the emergency advice from the first line")
  func everyEmergencyIsRecognised() {
    var misses: [String] = []
    var total = 0
    for (finding, lines) in Self.file.emergencies.sorted(by: { $0.key < $1.key }) {
      for line in lines {
        total += 1
        if Self.disposition(afterOpening: line) != "emergency" { misses.append("\(finding): \(line)") }
      }
    }
    print("held-out emergencies: \(total - misses.count) of \(total) recognised")
    #expect(misses.isEmpty, "not recognised:\n\(misses.joined(separator: "\n"))")
  }

  /// Over-triage is safe but costly: the rate is printed for the issue note and held under a ceiling.
  @Test("plain mild or denied symptoms are mostly not read as emergencies")
  func mildLinesAreMostlyNotEmergencies() {
    let over = Self.file.not_emergencies.filter { Self.disposition(afterOpening: $0) == "emergency" }
    print("held-out non-emergencies read as emergencies: \(over.count) of \(Self.file.not_emergencies.count) \(over)")
    #expect(over.count * 5 <= Self.file.not_emergencies.count, "\(over)")
  }
}
