import DialogEngine
import Testing

@Suite("Engine: wording, groups, checks, decisions, topics and severity")
struct EngineFeatureTests {
  @Test("wording follows the choice of who the conversation is about")
  func wordingFollowsSubject() {
    var patient = Patient(Fixtures.features)
    patient.say("my son")
    #expect(patient.question?.text == "What treatment did your son have?")
    var patientThemself = Patient(Fixtures.features)
    patientThemself.say("me")
    #expect(patientThemself.question?.text == "What treatment did you have?")
  }

  @Test("a group in a condition stands for its choices")
  func groupsInConditions() {
    var partner = Patient(Fixtures.features)
    partner.say(["my partner", "kymriah", "yesterday"])
    #expect(partner.question?.slot == "year", "the decision node sent someone else to the check")
    var me = Patient(Fixtures.features)
    me.say(["me", "kymriah", "yesterday"])
    #expect(me.disposition == "watch")
  }

  @Test("a time said with a treatment's name is when it was given")
  func cuesFromAnotherSlot() {
    var patient = Patient(Fixtures.features)
    patient.say("my son had kymriah yesterday")
    #expect(patient.value("started") == .days(1))
    var withoutTherapy = Patient(Fixtures.features)
    withoutTherapy.say("my son felt odd yesterday")
    #expect(withoutTherapy.value("started") == nil)
  }

  @Test(
    "check questions are scored against the session date, and misses are counted",
    arguments: [
      (["2026", "November", "Boston", "100 90 80 70 60 50 40 30 20 10"], "watch"),
      (["2026", "11", "Boston", "ninety eighty 70 60 50 40 30 20 10 0"], "watch"),
      (["2025", "November", "Boston", "100 90 80 70 60 50 40 30 20 10"], "see_doctor"),
      (["2026", "March", "dont know", "100 90 80 70 60 50 40 30 20 10"], "emergency"),
      (["2026", "November", "Boston", "100 90 70 50"], "see_doctor"),
    ])
  func checks(answers: [String], disposition: String) {
    var patient = Patient(Fixtures.features)
    patient.say(["my son", "nothing", "yesterday"])
    patient.say(answers)
    #expect(patient.disposition == disposition, "\(patient.session.state.values)")
  }

  @Test("“I don't know” to a check question is a miss")
  func unknownCheckIsMissed() {
    var patient = Patient(Fixtures.features)
    patient.say(["my son", "nothing", "yesterday", "dont know"])
    #expect(patient.value("year") == .check(passed: false))
  }

  @Test("a pair of numbers is read as the first: 85/50, 85 over 50 and a lone 85 are low pressure")
  func numberPairs() {
    for line in ["his bp is 85/50", "blood pressure 85 over 50"] {
      var patient = Patient(Fixtures.features)
      patient.say(line)
      #expect(patient.disposition == "emergency", "\(line)")
      #expect(patient.value("pressure") == .number(85, unit: "mmHg"))
    }
    var single = Patient(Fixtures.features)
    single.say("bp 85")
    #expect(single.value("pressure") == .number(85, unit: "mmHg"), "a lone number with its cue is the first")
  }

  @Test("a topic question is answered in the patient's wording and the question stands")
  func topics() {
    var patient = Patient(Fixtures.features)
    patient.say("my son")
    patient.say("what is it?")
    #expect(patient.lastSaid == ["It is a test topic about your son."])
    #expect(patient.question?.slot == "therapy")
  }

  @Test("the suspected severity is the first rule that holds, with what it rests on")
  func severity() throws {
    var patient = Patient(Fixtures.features)
    patient.say("feverish, and my bp is 80/40")
    let outcome = try #require(patient.outcome)
    #expect(outcome.severity == SuspectedSeverity(grade: 3, label: "low pressure", basis: ["pressure"]))
    #expect(outcome.advice == "Call 911 for you now.")
  }
}
