import Benchmarking
import DialogEngine
import Foundation

/// The vignette files, played against the engine by the same simulated patient the benchmarks use.
enum Vignettes: String, CaseIterable, Sendable {
  /// Written by the team that wrote the lexicon.
  case team = "vignettes"
  /// Written by helpers who had not read Dialogs/; the lexicon is never tuned to them line by line.
  case heldOut = "heldout-vignettes"
  /// Spanish conversations, written by a helper who had not read Dialogs/; the patient's first line
  /// chooses the language, as nobody chose it for them.
  case spanish = "vignettes.es"

  var script: PatientScript { try! PatientScript(contentsOf: Fixtures.path(rawValue)) }

  /// What a conversation came to.
  struct Run {
    var patient: Patient
    /// Patient lines until the first advice, if any was given.
    var turnsToAdvice: Int?
    /// Everything the patient was told, as one text.
    var heard: String
  }

  func run(_ number: Int, of script: PatientScript, givingUp: PatientScript.GivingUp) -> Run {
    var simulated = script.patient(number, givingUp: givingUp)
    var patient = Patient(Fixtures.crs)
    var turnsToAdvice: Int?
    var turns = 0
    while patient.session.isActive, let slot = patient.question?.slot, turns < 60 {
      turns += 1
      let reply = patient.say(simulated.answer(toSlot: slot))
      if turnsToAdvice == nil, reply.contains(where: { if case .result = $0 { true } else { false } }) {
        turnsToAdvice = turns
      }
    }
    let heard = patient.heard.map { event -> String in
      switch event {
      case .say(let text): text
      case .ask(let question): question.text
      case .result(let outcome): outcome.advice
      case .bye: ""
      }
    }.joined(separator: "\n")
    return Run(patient: patient, turnsToAdvice: turnsToAdvice, heard: heard)
  }
}
