import DialogEngine
import Foundation
import Testing

/// Advice given as soon as it is certain, while the conversation goes on (`advise` nodes).
@Suite("Engine: early advice")
struct EarlyAdviceTests {
  /// The minimal fixture with advice to see a doctor given right after the treatment question.
  static let dialog: Dialog = {
    let text = try! String(contentsOfFile: Fixtures.path("minimal"), encoding: .utf8)
      .replacingOccurrences(
        of: "      - goto: ask_symptoms\n  - id: ask_started",
        with: "      - goto: early\n  - id: early\n    advise: see_doctor\n"
          + "    advice: See your doctor today. This is not a diagnosis.\n    next: ask_symptoms\n"
          + "  - id: ask_started")
    let (dialog, diagnostics) = DialogLoader.read(yaml: text, path: "early-advice.yaml")
    precondition(diagnostics.isEmpty, "\(diagnostics)")
    return dialog!
  }()

  static func results(_ events: [Event]) -> [Outcome] {
    events.compactMap { if case .result(let outcome) = $0 { outcome } else { nil } }
  }

  @Test("advice is given at once, as a result that is not final, and the conversation goes on")
  func adviceComesEarly() {
    var patient = Patient(Self.dialog)
    let reply = patient.say("none")
    #expect(Self.results(reply).map(\.isFinal) == [false])
    #expect(Self.results(reply).first?.disposition == "see_doctor")
    #expect(patient.session.isActive)
    #expect(patient.question?.slot == "symptoms")
  }

  @Test("the end never gives less than the advice already given")
  func endIsNeverLower() {
    var patient = Patient(Self.dialog)
    patient.say("none")
    let reply = patient.say("none")  // no symptoms: this dialog's own end would be "keep watching"
    #expect(Self.results(reply).map(\.isFinal) == [true])
    #expect(patient.disposition == "see_doctor")
  }

  @Test("an emergency after early advice still ends in the emergency advice")
  func emergencyStillRaises() {
    var patient = Patient(Self.dialog)
    patient.say("none")
    patient.say("I can't breathe")
    #expect(patient.disposition == "emergency")
  }
}
