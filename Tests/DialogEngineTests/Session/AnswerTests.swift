import DialogEngine
import Testing

/// Answers that are not typed: options chosen by id and commands by name, as kiosks send them. They are
/// taken as what they name, never turned into text and read again.
@Suite("Engine: structured answers")
struct AnswerTests {
  @Test("a choice chosen by id fills its slot as typing its number does, with its label as the words")
  func choiceByID() throws {
    var typed = Patient(Fixtures.minimal)
    typed.say("1")
    var chosen = Patient(Fixtures.minimal)
    let events = chosen.answer(.choices(["cart"]))
    #expect(chosen.value("therapy") == typed.value("therapy"))
    #expect(chosen.question == typed.question)
    #expect(chosen.session.state.node == typed.session.state.node)
    let start = Patient(Fixtures.minimal)
    let step = start.engine.respond(to: .choices(["cart"]), in: start.session)
    #expect(
      step.reading?.fills == [Reading.Fill(slot: "therapy", value: .choice(id: "cart"), words: "CAR-T")])
    #expect(events == step.events)
  }

  @Test("findings chosen by id are each present, and a repeated id counts once")
  func findingsByID() {
    var patient = Patient(Fixtures.minimal)
    patient.say("CAR-T 2 days ago")
    #expect(patient.question?.slot == "symptoms")
    patient.answer(.choices(["headache", "fever", "headache"]))
    #expect(patient.value("symptoms") == .findings(["fever", "headache"]), "in the order of the list")
    #expect(patient.observation("fever")?.present == true)
    #expect(patient.observation("headache")?.words == "headache")
  }

  @Test("ids the question does not offer are read as nothing, and the question stands")
  func unknownIDs() {
    for ids in [["nonsense"], [], ["cart", "none"]] {
      var patient = Patient(Fixtures.minimal)
      let before = patient.session.state
      patient.answer(.choices(ids))
      #expect(patient.session.state.values == before.values, "\(ids)")
      #expect(patient.question?.slot == "therapy", "\(ids)")
    }
  }

  @Test("a command by name does what its word does")
  func commandByName() {
    var typed = Patient(Fixtures.minimal)
    typed.say("1")
    typed.say("back")
    var named = Patient(Fixtures.minimal)
    named.answer(.choices(["cart"]))
    named.answer(.command(.back))
    #expect(named.question == typed.question)
    #expect(named.value("therapy") == nil)
  }

  @Test("every step says which question now waits: the last asked, or the one a line not understood leaves")
  func stepsCarryTheQuestion() {
    var patient = Patient(Fixtures.minimal)
    #expect(patient.question?.slot == "therapy")
    let reply = patient.say("blue cheese")
    #expect(
      !reply.contains { if case .ask = $0 { true } else { false } } || patient.question?.slot == "therapy")
    #expect(patient.question?.slot == "therapy", "still waiting at the same question")
    patient.say("I can't breathe")
    #expect(patient.disposition == "emergency")
    #expect(patient.question == nil, "no question once the conversation is over")
  }
}
