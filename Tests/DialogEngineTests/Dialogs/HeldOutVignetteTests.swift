import DialogEngine
import Testing

/// Conversations nobody who wrote the lexicon wrote, each run twice: with a patient who answers what
/// they cannot answer with "I don't know", and with one who says "none of those". Under-triage fails.
@Suite("Held-out vignettes on Dialogs/crs.yaml")
struct HeldOutVignetteTests {
  static let levels = Dictionary(uniqueKeysWithValues: Fixtures.crs.dispositions.map { ($0.id, $0.level) })

  @Test("there are at least 50 held-out vignettes, each expecting a declared disposition")
  func suiteIsLargeEnough() {
    #expect(HeldOutVignette.all.count >= 50)
    for vignette in HeldOutVignette.all {
      #expect(Self.levels[vignette.expect] != nil, "\(vignette.name)")
    }
  }

  @Test(
    "no held-out vignette is under-triaged, whichever way the patient gives up",
    arguments: HeldOutVignette.GivingUp.allCases)
  func noUnderTriage(givingUp: HeldOutVignette.GivingUp) {
    var under: [String] = []
    for vignette in HeldOutVignette.all {
      let run = vignette.run(on: Fixtures.crs, givingUp: givingUp)
      let got = run.patient.disposition.flatMap { Self.levels[$0] } ?? 0
      if got < Self.levels[vignette.expect]! {
        under.append("\(vignette.name): \(run.patient.disposition ?? "no advice") for \(vignette.expect)")
      }
    }
    #expect(under.isEmpty, "under-triaged:\n\(under.joined(separator: "\n"))")
  }

  /// Turns from the opening line to the first advice, per expected disposition, for the issue note;
  /// urgent advice is held to a median of at most six.
  @Test("advice comes soon: urgent advice in a median of at most six turns")
  func turnsToAdvice() {
    for givingUp in HeldOutVignette.GivingUp.allCases {
      var byDisposition: [String: [Int]] = [:]
      for vignette in HeldOutVignette.all {
        let run = vignette.run(on: Fixtures.crs, givingUp: givingUp)
        byDisposition[vignette.expect, default: []].append(run.turnsToAdvice ?? 99)
      }
      for (disposition, turns) in byDisposition.sorted(by: { $0.key < $1.key }) {
        let sorted = turns.sorted()
        print(
          "turns to advice (\(givingUp.rawValue)), \(disposition): median \(sorted[sorted.count / 2]), max \(sorted.last!)"
        )
      }
      let urgent = (byDisposition["urgent"] ?? []).sorted()
      #expect(!urgent.isEmpty && urgent[urgent.count / 2] <= 6, "\(givingUp.rawValue): \(urgent)")
    }
  }
}
