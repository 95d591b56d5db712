import DialogEngine
import Foundation
import Testing
import Yams

/// Single-line emergencies in words nobody who wrote the lexicon chose, from three files written by helpers
/// who had not read Dialogs/: `heldout-emergencies.yaml`, the development set, whose misses were read to
/// find what the understanding lacked in general (never to add its lines one by one);
/// `heldout-emergencies-test.yaml`, written after that work, measured blind, whose misses were then read
/// as the development set's were; `heldout-emergencies-fresh.yaml`, written after both had been read,
/// of which only the counts are ever looked at; and a second pair written on the same day by two more
/// helpers, each unaware of the other: `heldout-emergencies-development-2.yaml`, whose misses were read,
/// and `heldout-emergencies-fresh-2.yaml`, blind like the first fresh set.
/// Each line, typed as the opening line, should end in the emergency advice at once; the target is every
/// line, and the floors below are the figures reached, so that a change that loses understanding fails.
@Suite("Held-out single-line emergencies on Dialogs/crs.yaml")
struct HeldOutEmergencyTests {
  struct File: Codable, Sendable {
    var emergencies: [String: [String]]
    var notEmergencies: [String]

    enum CodingKeys: String, CodingKey {
      case emergencies
      case notEmergencies = "not_emergencies"
    }
  }

  enum Set: String, CaseIterable, Sendable {
    case development = "heldout-emergencies"
    case test = "heldout-emergencies-test"
    case fresh = "heldout-emergencies-fresh"
    case development2 = "heldout-emergencies-development-2"
    case fresh2 = "heldout-emergencies-fresh-2"

    var file: File {
      let text = try! String(contentsOfFile: Fixtures.path(rawValue), encoding: .utf8)
      return try! YAMLDecoder().decode(File.self, from: text)
    }

    /// A blind set's lines and misses are never printed.
    var isBlind: Bool { self == .fresh || self == .fresh2 }

    /// The share of lines that must be recognised from the first line, in percent.
    var floor: Int {
      switch self {
      case .development: 98
      case .test: 97
      case .fresh: 90
      case .development2: 98
      case .fresh2: 93
      }
    }
  }

  static func disposition(afterOpening line: String) -> String? {
    var patient = Patient(Fixtures.crs)
    patient.say(line)
    return patient.disposition
  }

  @Test(
    "each held-out set has at least 30 phrasings for each of the 15 emergency findings",
    arguments: Set.allCases)
  func setIsLargeEnough(set: Set) {
    let file = set.file
    #expect(file.emergencies.count >= 15)
    for (finding, lines) in file.emergencies {
      #expect(lines.count >= 30, "\(finding)")
    }
  }

  @Test("held-out emergency lines end in the emergency advice from the first line", arguments: Set.allCases)
  func emergenciesAreRecognised(set: Set) {
    var misses: [String] = []
    var total = 0
    for (finding, lines) in set.file.emergencies.sorted(by: { $0.key < $1.key }) {
      for line in lines {
        total += 1
        if Self.disposition(afterOpening: line) != "emergency" { misses.append("\(finding): \(line)") }
      }
    }
    let recognised = total - misses.count
    print("held-out emergencies (\(set.rawValue)): \(recognised) of \(total) recognised")
    // The fresh set's misses are not printed, so that no one tunes the lexicon to its lines.
    if !set.isBlind {
      print("not recognised in \(set.rawValue):")
      for miss in misses { print("  \(miss)") }
    }
    #expect(recognised * 100 >= total * set.floor, "\(recognised) of \(total)")
  }

  /// What is not recognised is still not dropped: a patient who then answers every question with "none
  /// of those" is never told to keep watching.
  @Test(
    "a held-out emergency that is not recognised still never ends in “keep watching”", arguments: Set.allCases
  )
  func missesAreNotDropped(set: Set) {
    var dropped: [String] = []
    for line in set.file.emergencies.values.joined() where Self.disposition(afterOpening: line) != "emergency"
    {
      var patient = Patient(Fixtures.crs)
      patient.say(line)
      var turns = 0
      while patient.session.isActive, turns < 30 {
        turns += 1
        patient.say("none of those")
      }
      let level = patient.disposition.flatMap { Fixtures.crs.disposition($0)?.level } ?? 0
      if level < 2 { dropped.append("\(line): \(patient.disposition ?? "no advice")") }
    }
    // Computed apart, so that a blind set's lines are not shown in the expectation's expansion.
    let nothingDropped = dropped.isEmpty
    #expect(nothingDropped, set.isBlind ? "\(dropped.count) dropped" : "\(dropped)")
  }

  /// Over-triage is safe but costly: the rate is printed for the issue note and held under a ceiling.
  @Test("plain mild or denied symptoms are mostly not read as emergencies", arguments: Set.allCases)
  func mildLinesAreMostlyNotEmergencies(set: Set) {
    let lines = set.file.notEmergencies
    let over = lines.filter { Self.disposition(afterOpening: $0) == "emergency" }
    print(
      "held-out non-emergencies (\(set.rawValue)) read as emergencies: \(over.count) of \(lines.count)"
        + (set.isBlind ? "" : " \(over)")
    )
    let fewEnough = over.count * 10 <= lines.count
    #expect(fewEnough, set.isBlind ? "\(over.count)" : "\(over)")
  }
}
