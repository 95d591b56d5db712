import DialogEngine
import Testing

@Suite("Engine: walking a dialog")
struct EngineTests {
  @Test("the conversation opens with the say nodes up to the first question")
  func startsAtFirstQuestion() {
    let patient = Patient(Fixtures.minimal)
    #expect(patient.heard.first == .say("Hello."))
    #expect(patient.question?.slot == "therapy")
    #expect(patient.question?.options.map(\.id) == ["cart", "none"])
    #expect(patient.session.isActive)
  }

  @Test("a choice can be given by its number")
  func choiceByNumber() {
    var patient = Patient(Fixtures.minimal)
    patient.say("1")
    #expect(patient.value("therapy") == .choice(id: "cart"))
    #expect(patient.question?.slot == "started")
  }

  @Test("several things said at once fill their slots, and answered questions are skipped")
  func answeredQuestionsAreSkipped() {
    var patient = Patient(Fixtures.minimal)
    patient.say("I had Kymriah 4 days ago and I'm feverish")
    #expect(patient.value("therapy") == .choice(id: "cart"))
    #expect(patient.value("started") == .days(4))
    #expect(patient.observation("fever")?.present == true)
    #expect(patient.lastSaid.contains("Understood: fever, treatment: CAR-T, started: 4 days ago."))
    #expect(patient.question?.slot == "symptoms", "the duration question was skipped")
    #expect(patient.lastSaid.contains("Known: fever."))
  }

  @Test("an emergency sign in the first line goes straight to the emergency end")
  func interruptOnFirstLine() throws {
    var patient = Patient(Fixtures.minimal)
    patient.say("I can't breathe")
    #expect(patient.disposition == "emergency")
    let outcome = try #require(patient.outcome)
    #expect(outcome.isMostUrgent)
    #expect(outcome.interrupt == "emergency_sign")
    #expect(outcome.findings.map(\.finding) == ["breathless"])
    #expect(patient.lastReply.last == .bye)
  }

  @Test("an emergency sign outranks a command on the same line")
  func interruptOutranksCommand() {
    var patient = Patient(Fixtures.minimal)
    patient.say("none")
    patient.say("short of breath")
    #expect(patient.disposition == "emergency")
  }

  @Test("a threshold interrupt fires from an overheard number")
  func thresholdInterrupt() {
    var patient = Patient(Fixtures.minimal)
    patient.say("my temperature is 103 F")
    #expect(patient.disposition == "emergency")
    guard case .number(let celsius, "°F")? = patient.value("temperature") else {
      Issue.record("expected a temperature in °F")
      return
    }
    #expect(abs(celsius - 39.44) < 0.01)
  }

  @Test("a denied emergency sign does not fire the interrupt")
  func negatedSignDoesNotInterrupt() {
    var patient = Patient(Fixtures.minimal)
    patient.say("no difficulty breathing")
    #expect(patient.session.isActive)
    #expect(patient.observation("breathless")?.present == false)
  }

  @Test("input that is not understood gets a rephrase with examples and the same question")
  func notUnderstoodIsRephrased() {
    var patient = Patient(Fixtures.minimal)
    let before = patient.session.state
    patient.say("purple monkey dishwasher")
    #expect(
      patient.lastSaid == [
        "I did not understand: “purple monkey dishwasher”.",
        "Sorry? For example: “Kymriah”, “none”. Or type a number.",
      ])
    #expect(patient.question?.slot == "therapy")
    #expect(patient.session.state.values == before.values, "nothing was taken as a default")
    #expect(patient.session.state.observations == before.observations)
  }

  @Test("a question not answered twice is taken as not known, and the conversation moves on")
  func secondMissMovesOn() {
    var patient = Patient(Fixtures.minimal)
    patient.say("purple monkey dishwasher")
    patient.say("orange elephant")
    #expect(patient.value("therapy") == .unknown)
    #expect(patient.question?.slot != "therapy")
  }

  @Test("“I don't know” is accepted as an answer and routes like one")
  func unknownIsAnAnswer() {
    var patient = Patient(Fixtures.minimal)
    patient.say("I don't know")
    #expect(patient.value("therapy") == .unknown)
    #expect(patient.lastSaid == ["Fine."])
    #expect(patient.question?.slot == "started")
  }

  @Test("back returns to the previous question with its answer undone")
  func backUndoesLastAnswer() {
    var patient = Patient(Fixtures.minimal)
    patient.say("car t")
    patient.say("yesterday")
    #expect(patient.question?.slot == "symptoms")
    patient.say("back")
    #expect(patient.lastSaid.first == "Going back.")
    #expect(patient.question?.slot == "started")
    #expect(patient.value("started") == nil)
    #expect(patient.value("therapy") == .choice(id: "cart"))
  }

  @Test("back at the first question says there is nothing to go back to")
  func backAtStart() {
    var patient = Patient(Fixtures.minimal)
    patient.say("back")
    #expect(patient.lastSaid.first == "Nothing to go back to.")
    #expect(patient.question?.slot == "therapy")
  }

  @Test("start over forgets everything and begins again")
  func restartForgets() {
    var patient = Patient(Fixtures.minimal)
    patient.say("Kymriah, feverish")
    patient.say("start over")
    #expect(patient.lastSaid.prefix(2) == ["Starting over.", "Hello."])
    #expect(patient.session.state.values.isEmpty)
    #expect(patient.session.state.observations.isEmpty)
    #expect(patient.question?.slot == "therapy")
  }

  @Test("help gives the question's help and the commands, then asks again")
  func helpReasks() {
    var patient = Patient(Fixtures.minimal)
    patient.say("help")
    #expect(patient.lastSaid == ["CAR-T is a cell therapy.", "Say back, start over or quit."])
    #expect(patient.question?.slot == "therapy")
  }

  @Test("quit ends the conversation politely without advice")
  func quitEnds() {
    var patient = Patient(Fixtures.minimal)
    patient.say("quit")
    #expect(patient.session.status == .quit)
    #expect(patient.lastReply == [.say("Goodbye."), .bye])
    patient.say("hello?")
    #expect(patient.lastReply == [.say("Ended."), .bye])
  }

  @Test("findings can be picked by number, and none of them leads to the none branch")
  func findingsByNumberAndNone() {
    var picked = Patient(Fixtures.minimal)
    picked.say(["none", "1 and 2"])
    #expect(picked.value("symptoms") == .findings(["fever", "headache"]))
    #expect(picked.question?.slot == "temperature")

    var none = Patient(Fixtures.minimal)
    none.say(["none", "nothing"])
    #expect(none.disposition == "watch")
    #expect(none.observation("headache")?.present == false)
  }

  @Test("a finding reported earlier still counts when the list is answered with none")
  func earlierFindingSurvivesNone() {
    var patient = Patient(Fixtures.minimal)
    patient.say(["my head hurts", "none", "nothing"])
    #expect(patient.value("symptoms") == .findings(["headache"]))
    #expect(patient.question?.slot == "better")
  }

  @Test("yes and no answer a yes/no question; all and any combine conditions")
  func yesNoAndCompoundConditions() {
    var improving = Patient(Fixtures.minimal)
    improving.say(["none", "head hurts", "yes"])
    #expect(improving.disposition == "watch")

    var notImproving = Patient(Fixtures.minimal)
    notImproving.say(["none", "head hurts", "nope"])
    #expect(notImproving.disposition == "see_doctor")

    var afterTherapy = Patient(Fixtures.minimal)
    afterTherapy.say(["kymriah", "yesterday", "feverish", "38.2", "yes"])
    #expect(afterTherapy.disposition == "see_doctor")
  }

  @Test("a number question takes a number in either unit and rejects implausible ones")
  func numberUnits() {
    var celsius = Patient(Fixtures.minimal)
    celsius.say(["none", "feverish"])
    celsius.say("380")
    #expect(celsius.lastSaid.first == "Sorry?")
    celsius.say("38.5")
    #expect(celsius.value("temperature") == .number(38.5, unit: "°C"))

    var fahrenheit = Patient(Fixtures.minimal)
    fahrenheit.say(["none", "feverish", "101.3"])
    guard case .number(let value, "°F")? = fahrenheit.value("temperature") else {
      Issue.record("expected °F")
      return
    }
    #expect(abs(value - 38.5) < 0.01)
  }

  @Test("a session is a value: an old one answers the same way again")
  func sessionsAreValues() {
    let patient = Patient(Fixtures.minimal)
    let first = patient.engine.respond(to: "kymriah", in: patient.session)
    let second = patient.engine.respond(to: "kymriah", in: patient.session)
    #expect(first.events == second.events)
    #expect(first.session == second.session)
  }
}
