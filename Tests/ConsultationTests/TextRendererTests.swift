import DialogEngine
import Testing

@testable import Consultation

@Suite("Rendering for the terminal")
struct TextRendererTests {
  let emergency = Outcome(
    disposition: "emergency", label: "Call 911 now", level: 4, isMostUrgent: true, advice: "Call now.",
    findings: [], interrupt: nil)
  let monitor = Outcome(
    disposition: "monitor", label: "Keep watching", level: 1, isMostUrgent: false, advice: "Watch.",
    findings: [], interrupt: nil)

  @Test("the most urgent advice is bold red when colour is on")
  func emergencyStandsOut() {
    let text = TextRenderer(colour: true).render(.result(emergency))
    #expect(text == "\n\u{1B}[1;31m*** CALL 911 NOW ***\u{1B}[0m\nCall now.")
  }

  @Test("without colour there is no escape sequence at all")
  func noColour() {
    let renderer = TextRenderer(colour: false)
    for event in [Event.result(emergency), .result(monitor), .say("hi")] {
      #expect(renderer.render(event)?.contains("\u{1B}") == false)
    }
    #expect(renderer.render(.result(emergency)) == "\n*** CALL 911 NOW ***\nCall now.")
  }

  @Test("a question lists its options by number")
  func numberedOptions() {
    let question = Question(
      node: "n", slot: "s", text: "Which?", input: .choice,
      options: [.init(id: "a", label: "Apple"), .init(id: "b", label: "CAR-T (such as Kymriah)")])
    #expect(
      TextRenderer(colour: false).render(.ask(question)) == "Which?\n  1) Apple\n  2) CAR-T (such as Kymriah)"
    )
  }

  @Test("bye renders as nothing")
  func byeIsSilent() {
    #expect(TextRenderer(colour: true).render(.bye) == nil)
  }
}
