import DialogEngine
import Foundation
import Testing

/// The product's own dialog, conversation by conversation.
@Suite("Dialogs/crs.yaml: conversations")
struct CRSDialogTests {
  /// A path after CAR-T cells that answers every question an adult is asked once, ending in `urgent`.
  static let everyQuestion = [
    "I feel unwell", "no", "me, 54", "fever", "CAR-T", "38.2", "no", "2026", "November", "Boston",
    "100 90 80 70 60 50 40 30 20 10", "The sun is shining today.", "4 days ago", "same", "lymphoma",
    "moderate",
    "good",
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
    // Not asked on this path: the treatment's name (it was named), whether symptoms improve (after
    // immunotherapy the care team is called regardless), the age (given) and the children's check.
    let elsewhere: Set = ["ask_therapy_name", "ask_trend", "ask_age", "child_aware", "child_settled"]
    #expect(Set(asked) == Set(questions).subtracting(elsewhere), "\(asked)")
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

  /// Emergency signs inside ordinary sentences, as frightened people type them: negations nearby that
  /// deny something else, signs mentioned twice, readings among other numbers, misspellings.
  static let emergenciesInSentences = [
    "no chest pain and I cant breathe",
    "no fever my heart is racing",
    "no cough and my lips are blue",
    "he isnt well his lips are blue",
    "i dont know what to do my wife cant breathe",
    "not sure what is happening i have chest pain",
    "my husband doesnt look good he is breathing fast",
    "no idea whats wrong hes confused",
    "I have never been this short of breath",
    "ive never felt so confused",
    "I cant walk without getting short of breath",
    "the seizure hasnt stopped",
    "I cant breathe anymore",
    "he collapsed and stopped breathing",
    "the chest pain never went away",
    "no chest pain earlier but now I have chest pain",
    "he wasnt confused this morning but now he is confused",
    "my blood pressure is 80",
    "bp was 85",
    "85/50",
    "88%",
    "88% oxygen",
    "my heart rate is about 130",
    "oxygen is only at about 88",
    "temp went from 38 to 40",
    "oxygen 97 then 89",
    "pulse 90 earlier, now 135",
    "I get chest pain when I stooped down",
    "short of breathe",
    "struggling to breath",
    "i cannot breath",
    "chest pian",
    "he past out",
    "my heart is beating really fast",
    "heart rate is really high",
    "i cant get my breath",
    "breathing is hard",
    "having a hard time breathing",
    "I can not breathe",
    "i am wheezing",
    "her fever is really high",
    "my blood pressure is really low",
    "bp is low",
    "she is not making any sense",
    "he is talking gibberish",
    "his speech is slurred",
    "she can't get her words out",
    "he had a fit",
    "he is seizing",
    "she is fitting",
    "he sees things that arent there",
    "i can't keep my eyes open",
    "i cant wake him",
    "i feel dizzy and like im going to pass out",
    "her lips are turning blue",
    "his skin is grey",
    "she is turning blue",
    "my chest feels tight",
    "pain in chest",
    "I had kymriah 99999999999999999999 days ago and I cant breathe",
  ]

  @Test(
    "an emergency sign said inside a sentence reaches the emergency advice, first or later",
    arguments: emergenciesInSentences)
  func emergencyInSentences(line: String) {
    var first = Patient(Fixtures.crs)
    first.say(line)
    #expect(first.disposition == "emergency", "as the first line")
    var later = Patient(Fixtures.crs)
    later.say(["I have the flu", line])
    #expect(later.disposition == "emergency", "at the emergency question")
  }

  @Test(
    "at the list of emergency signs, doubt or a pick among denials is an emergency",
    arguments: [
      "I do not know", "i dont really know", "3, but no chest pain", "not sure",
    ])
  func emergencyListAnswers(line: String) {
    var patient = Patient(Fixtures.crs)
    patient.say(["I have the flu", line])
    #expect(patient.disposition == "emergency")
  }

  @Test("denying one emergency sign is not taken for “none of these”")
  func denyingOneSignIsNotNone() {
    var patient = Patient(Fixtures.crs)
    patient.say(["I have the flu", "no chest pain"])
    #expect(patient.question?.slot == "emergency_check", "asked again")
    #expect(patient.observation("confusion") == nil)
  }

  @Test(
    "absurd numbers at any question neither crash nor count",
    arguments: [
      "99999999999999999999", "inf", "nan", "1e400", "I had kymriah 99999999999999999999 days ago",
    ])
  func absurdNumbers(line: String) {
    for step in Self.everyQuestion.indices {
      var patient = Patient(Fixtures.crs)
      patient.say(Array(Self.everyQuestion.prefix(step)))
      patient.say(line)
      #expect(patient.disposition != "monitor", "at step \(step)")
    }
  }

  @Test("the emergency signs are asked first, right after the opening line")
  func emergencyScreenFirst() {
    var patient = Patient(Fixtures.crs)
    patient.say("I had Kymriah 4 days ago and I feel a bit off")
    #expect(patient.question?.slot == "emergency_check")
  }

  @Test("urgent advice comes as soon as it is certain, before the readings and the thinking check")
  func urgentAdviceComesEarly() throws {
    var patient = Patient(Fixtures.crs)
    patient.say(["I had Kymriah 4 days ago and now I have a fever", "no", "me, 54"])
    let reply = patient.say("nothing else")
    let advice = try #require(
      reply.lazy.compactMap { if case .result(let outcome) = $0 { outcome } else { nil } }.first)
    #expect(advice.disposition == "urgent" && !advice.isFinal)
    #expect(patient.session.isActive)
    #expect(patient.question?.slot == "temperature")
  }

  @Test("a dose given today is told back in hours")
  func onsetInHours() {
    var patient = Patient(Fixtures.crs)
    patient.say("my tecvayli step up dose was 10 hours ago")
    #expect(
      patient.lastSaid.contains { $0.contains("treatment started: about 10 hours ago") },
      "\(patient.lastSaid)")
  }

  @Test("a treatment still to come is understood as not given yet")
  func treatmentNotYetGiven() {
    var patient = Patient(Fixtures.crs)
    patient.say("my CAR-T infusion is tomorrow and I have a fever")
    #expect(patient.value("onset")?.magnitude.map { $0 < 0 } == true)
    #expect(
      patient.lastSaid.contains { $0.contains("treatment started: not given yet") }, "\(patient.lastSaid)")
    let reading = Fixtures.crsUnderstanding.read(
      "not yet, it's tomorrow", asking: Fixtures.crs.slot("onset"), today: Fixtures.today,
      calendar: Calendar(identifier: .gregorian))
    #expect(reading.fill(for: "onset")?.value.magnitude.map { $0 < 0 } == true)
  }

  @Test("the highest temperature said counts, even when a lower one comes later")
  func highestTemperatureAcrossLines() {
    var patient = Patient(Fixtures.crs)
    patient.say(["it was 39.6 last night before the tylenol", "no"])
    #expect(patient.disposition == "emergency")
    var later = Patient(Fixtures.crs)
    later.say([
      "I had Kymriah 4 days ago and a fever of 38.9 earlier", "no", "me", "nothing else", "37.8 now",
    ])
    #expect(later.value("temperature")?.magnitude == 38.9)
  }

  @Test("the lowest oxygen level said counts, even when a higher one comes later")
  func lowestOxygenAcrossLines() {
    var patient = Patient(Fixtures.crs)
    patient.say([
      "I had Kymriah 4 days ago and my oxygen was 93% earlier", "no", "me", "nothing else", "oxygen 97% now",
    ])
    #expect(patient.value("oxygen")?.magnitude == 93)
  }

  /// NEWS2 counts 25 breaths a minute as an emergency in an adult; a young child breathes faster, so 40.
  @Test(
    "fast breathing is an emergency at 25 a minute in an adult or unknown age, at 40 under 12",
    arguments: [
      ("I am 40 years old and breathing 26 times a minute", true), ("breathing 26 times a minute", true),
      ("my son is 4 years old and breathing 30 times a minute", false),
      ("my son is 4 years old and breathing 45 times a minute", true),
      ("I am 40 years old and breathing 18 times a minute", false),
    ])
  func fastBreathingRate(line: String, emergency: Bool) {
    var patient = Patient(Fixtures.crs)
    patient.say(line)
    #expect((patient.disposition == "emergency") == emergency)
  }

  @Test("“none of those” never cancels what the patient said and the engine did not understand")
  func noneKeepsWhatWasNotUnderstood() {
    var patient = Patient(Fixtures.crs)
    patient.say("my tongue feels thick and strange")
    while patient.session.isActive { patient.say("none of those") }
    #expect(patient.observation("not_understood_symptom")?.present == true)
    #expect(patient.disposition != "monitor")
  }

  @Test("a caregiver's answers change the wording to the person cared for")
  func caregiverWording() throws {
    var patient = Patient(Fixtures.crs)
    patient.say(["my son had Kymriah 4 days ago"])
    #expect(patient.question?.text == "Right now, does your son have any of these?")
    patient.say(["no", "none"])
    #expect(patient.question?.text == "How old is your son?")
    patient.say(["7", "yes", "yes"])
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
