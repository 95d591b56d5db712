import DialogEngine
import Testing

/// The product's own dialog, conversation by conversation.
@Suite("Dialogs/crs.yaml: conversations")
struct CRSDialogTests {
  /// A path that answers every question of the dialog once, ending in `urgent`.
  static let everyQuestion = [
    "I feel unwell", "me", "CAR-T", "4 days ago", "no", "fever", "38.2", "no", "worse", "2026", "November",
    "Boston", "100 90 80 70 60 50 40 30 20 10", "same", "lymphoma", "moderate", "good",
  ]
  static let emergencyLines = [
    "I can't breathe", "my heart is racing", "he is very confused", "chest pain", "she had a seizure",
    "I passed out", "my lips look blue", "I keep seeing things", "my words come out wrong", "very sleepy",
    "my blood pressure is low", "very high fever", "temperature 104 F", "pulse 130", "BP 80/50",
    "oxygen 88%",
  ]

  @Test("the path through every question asks each question once and ends in urgent")
  func everyQuestionPath() {
    var patient = Patient(Fixtures.crs)
    var asked: [String] = []
    for line in Self.everyQuestion {
      asked.append(patient.question?.node ?? "")
      patient.say(line)
    }
    let questions = Fixtures.crs.nodes.filter { if case .ask = $0.kind { true } else { false } }.map(\.id)
    #expect(Set(asked) == Set(questions).subtracting(["ask_therapy_name"]), "\(asked)")
    #expect(patient.disposition == "urgent")
  }

  @Test(
    "an emergency sign typed at any question goes straight to the emergency advice", arguments: emergencyLines
  )
  func emergencyAtEveryQuestion(sign: String) {
    for step in Self.everyQuestion.indices {
      var patient = Patient(Fixtures.crs)
      patient.say(Array(Self.everyQuestion.prefix(step)))
      let question = patient.question?.node ?? "?"
      patient.say(sign)
      #expect(patient.disposition == "emergency", "“\(sign)” at \(question)")
    }
  }

  @Test("a caregiver's answers change the wording to the person cared for")
  func caregiverWording() throws {
    var patient = Patient(Fixtures.crs)
    patient.say(["my son had Kymriah 4 days ago"])
    #expect(patient.question?.text == "Right now, does your son have any of these?")
    patient.say(["no", "none"])
    patient.say([
      "2026", "November", "Boston", "100 90 80 70 60 50 40 30 20 10", "first", "leukemia", "severe", "good",
    ])
    let outcome = try #require(patient.outcome)
    #expect(outcome.advice.contains("check your son's temperature at least twice a day"))
  }

  @Test("a question about CRS is answered and the same question asked again")
  func topicReturnsToQuestion() {
    var patient = Patient(Fixtures.crs)
    patient.say(["I had Kymriah 4 days ago", "no"])
    let before = patient.question
    patient.say("will I get better?")
    #expect(patient.lastSaid.contains { $0.hasPrefix("The outlook depends on how severe") })
    #expect(patient.question == before)
    #expect(patient.value("trend") == nil)
  }

  @Test("the suspected severity is recorded with what it rests on, and never in the advice")
  func suspectedSeverity() throws {
    var patient = Patient(Fixtures.crs)
    patient.say("I had CAR-T and my blood pressure is 85/50")
    let outcome = try #require(patient.outcome)
    #expect(outcome.severity?.grade == 3)
    #expect(outcome.severity?.basis == ["blood_pressure"])
    #expect(!outcome.advice.lowercased().contains("grade"))
  }

  @Test("every ending tells the patient it is advice, not a diagnosis")
  func everyEndSaysItDoesNotDiagnose() {
    for node in Fixtures.crs.nodes {
      if case .end(let end) = node.kind {
        #expect(end.advice.contains("not a diagnosis"), "\(node.id)")
      }
    }
  }
}
