import DialogEngine
import Foundation
import Yams

/// A conversation from `Fixtures/heldout-vignettes.yaml`, written without reading Dialogs/: an opening
/// line and how the patient answers each kind of question, with the least urgent advice a triage nurse
/// would accept.
struct HeldOutVignette: Codable, Sendable, CustomStringConvertible {
  var name: String
  var expect: String
  var opening: String
  var facts: [String: String]

  var description: String { name }

  /// How a patient answers a question they have no answer for, or one the bot did not understand.
  enum GivingUp: String, CaseIterable, Sendable {
    case dontKnow = "I don't know"
    case noneOfThose = "none of those"
  }

  struct File: Codable {
    var vignettes: [HeldOutVignette]
  }

  static let all: [HeldOutVignette] = {
    let text = try! String(contentsOfFile: Fixtures.path("heldout-vignettes"), encoding: .utf8)
    return try! YAMLDecoder().decode(File.self, from: text).vignettes
  }()

  /// The fact that answers each question, by the slot it asks for.
  static let factForSlot = [
    "emergency_check": "red_flags", "subject": "who", "symptoms": "symptoms", "therapy": "treatment",
    "therapy_name": "treatment", "onset": "when", "temperature": "temperature", "readings": "readings",
    "trend": "trend", "neuro_year": "year", "neuro_month": "month", "neuro_city": "city", "neuro_count": "count",
    "neuro_writing": "writing", "child_aware": "child_behaviour", "child_settled": "child_behaviour",
  ]

  struct Run {
    var patient: Patient
    /// Patient lines until the first advice, if any was given.
    var turnsToAdvice: Int?
  }

  func run(on dialog: Dialog, givingUp: GivingUp) -> Run {
    var patient = Patient(dialog)
    var turnsToAdvice: Int?
    var turns = 0
    var lastNode: String?
    var line = opening
    while patient.session.isActive, turns < 40 {
      turns += 1
      let reply = patient.say(line)
      if turnsToAdvice == nil, reply.contains(where: { if case .result = $0 { true } else { false } }) {
        turnsToAdvice = turns
      }
      guard let question = patient.question else { break }
      // Asked the same question again: the patient gives up rather than repeat themself.
      let repeated = question.node == lastNode
      lastNode = question.node
      let fact = Self.factForSlot[question.slot].flatMap { facts[$0] }
      line = repeated ? givingUp.rawValue : fact ?? givingUp.rawValue
    }
    return Run(patient: patient, turnsToAdvice: turnsToAdvice)
  }
}
