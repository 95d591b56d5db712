import Benchmarking
import DialogEngine
import Testing

/// The vignette suites: realistic conversations with the least urgent advice a clinician accepts, the
/// team's and the held-out ones, each played by a patient who gives up with "I don't know" and by one who
/// says "none of those".
@Suite("Vignettes on Dialogs/crs.yaml")
struct VignetteTests {
  static let levels = Dictionary(uniqueKeysWithValues: Fixtures.crs.dispositions.map { ($0.id, $0.level) })

  @Test(
    "the team has at least 60 vignettes, the held-out file 50 and the Spanish one 40, each expecting a declared disposition"
  )
  func suitesAreLargeEnough() {
    #expect(Vignettes.team.script.vignettes.count >= 60)
    #expect(Vignettes.heldOut.script.vignettes.count >= 50)
    let spanish = Vignettes.spanish.script.vignettes
    #expect(spanish.count >= 40)
    #expect(Set(spanish.compactMap(\.expect)) == Set(Self.levels.keys), "every disposition, in Spanish too")
    for file in Vignettes.allCases {
      for vignette in file.script.vignettes {
        #expect(vignette.expect.flatMap { Self.levels[$0] } != nil, "\(vignette.name)")
      }
    }
  }

  /// Under-triage, advice less urgent than expected, is never acceptable, however the patient gives up.
  @Test(
    "no vignette is under-triaged, whichever way the patient gives up",
    arguments: Vignettes.allCases, PatientScript.GivingUp.allCases)
  func noUnderTriage(file: Vignettes, givingUp: PatientScript.GivingUp) {
    let script = file.script
    var under: [String] = []
    for (number, vignette) in script.vignettes.enumerated() {
      let run = file.run(number, of: script, givingUp: givingUp)
      if (run.patient.disposition.flatMap { Self.levels[$0] } ?? 0) < Self.levels[vignette.expect ?? ""] ?? 0
      {
        under.append(
          "\(vignette.name): \(run.patient.disposition ?? "no advice") for \(vignette.expect ?? "")")
      }
    }
    #expect(under.isEmpty, "under-triaged:\n\(under.joined(separator: "\n"))")
  }

  @Test("each vignette's patient hears what the vignette says they must")
  func hears() {
    let script = Vignettes.team.script
    for (number, vignette) in script.vignettes.enumerated() {
      let run = Vignettes.team.run(number, of: script, givingUp: .dontKnow)
      for text in vignette.hears ?? [] {
        #expect(run.heard.contains(text), "\(vignette.name): never heard “\(text)”")
      }
    }
  }

  /// Over-triage is safe but costly; the rate is printed for the issue note and held above a floor.
  @Test("the team's vignettes mostly reach exactly their expected disposition")
  func exactRate() {
    let script = Vignettes.team.script
    var exact = 0
    var over: [String] = []
    for (number, vignette) in script.vignettes.enumerated() {
      let got = Vignettes.team.run(number, of: script, givingUp: .dontKnow).patient.disposition ?? "none"
      if got == vignette.expect {
        exact += 1
      } else {
        over.append("\(vignette.name): \(got) for \(vignette.expect ?? "")")
      }
    }
    let total = script.vignettes.count
    print(
      "vignettes: \(total), exact: \(exact) (\(exact * 100 / total)%), over-triaged: \(over.count) \(over)")
    #expect(exact * 100 >= total * 90, "over-triaged: \(over)")
  }

  /// Turns from the opening line to the first advice, per expected disposition, for the issue note;
  /// urgent advice is held to a median of at most six.
  @Test(
    "advice comes soon: urgent advice in a median of at most six turns", arguments: Vignettes.allCases,
    PatientScript.GivingUp.allCases)
  func turnsToAdvice(file: Vignettes, givingUp: PatientScript.GivingUp) {
    let script = file.script
    var byDisposition: [String: [Int]] = [:]
    for (number, vignette) in script.vignettes.enumerated() {
      let run = file.run(number, of: script, givingUp: givingUp)
      byDisposition[vignette.expect ?? "", default: []].append(run.turnsToAdvice ?? 99)
    }
    for (disposition, turns) in byDisposition.sorted(by: { $0.key < $1.key }) {
      let sorted = turns.sorted()
      print(
        "turns to advice (\(file.rawValue), \(givingUp.rawValue)), \(disposition): median \(sorted[sorted.count / 2]), max \(sorted.last!)"
      )
    }
    let urgent = (byDisposition["urgent"] ?? []).sorted()
    #expect(!urgent.isEmpty && urgent[urgent.count / 2] <= 6, "\(urgent)")
  }
}
