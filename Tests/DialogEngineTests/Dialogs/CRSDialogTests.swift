import DialogEngine
import Testing

/// Golden conversations on the product's own dialog: patient lines in, disposition out.
@Suite("Dialogs/crs.yaml: conversations")
struct CRSDialogTests {
  struct Golden: CustomTestStringConvertible, Sendable {
    var lines: [String]
    var disposition: String
    var testDescription: String { "\(disposition): \(lines.joined(separator: " / "))" }
  }

  static let goldens: [Golden] = [
    Golden(lines: ["My son had CAR-T a week ago and now he's very confused"], disposition: "emergency"),
    Golden(lines: ["I got blinatumomab yesterday and my heart is racing"], disposition: "emergency"),
    Golden(
      lines: ["I had Kymriah 4 days ago and now I have a fever", "no", "103 F"], disposition: "emergency"),
    Golden(lines: ["I feel off", "rituximab", "last week", "yes"], disposition: "emergency"),
    Golden(
      lines: [
        "I had Kymriah 4 days ago and now I have a fever and a headache", "no", "nothing else",
        "I haven't measured it",
        "about the same",
      ],
      disposition: "urgent"),
    Golden(
      lines: [
        "rash and body aches since my stem cell transplant", "3 weeks ago", "none of those", "no", "better",
      ],
      disposition: "urgent"),
    Golden(
      lines: [
        "I have a cough and feel tired", "no treatment", "no, none of those", "no", "it's getting worse",
      ],
      disposition: "urgent"),
    Golden(
      lines: ["I'm not sure what I had", "I don't know", "not sure", "no", "headache", "better"],
      disposition: "urgent"),
    Golden(
      lines: [
        "I've had a cough and I feel tired", "no treatment", "no none of those", "no", "it's getting better",
      ],
      disposition: "consult"),
    Golden(
      lines: ["I think I have the flu", "nope", "a headache and body aches", "improving"],
      disposition: "consult"),
    Golden(
      lines: ["Just checking in after my rituximab infusion", "two weeks ago", "no", "none"],
      disposition: "monitor"),
    Golden(lines: ["hello", "none", "no", "no symptoms"], disposition: "monitor"),
  ]

  @Test("free-text conversations reach the expected disposition", arguments: goldens)
  func goldenConversation(golden: Golden) {
    var patient = Patient(Fixtures.crs)
    patient.say(golden.lines)
    #expect(patient.disposition == golden.disposition, "heard: \(patient.heard)")
  }

  /// A path through every question of the dialog, ending in `urgent`.
  static let everyQuestion = ["I feel unwell", "CAR-T", "4 days ago", "no", "fever", "38.2", "worse"]
  static let emergencyLines = [
    "I can't breathe", "my heart is racing", "he is very confused", "chest pain", "she had a seizure",
    "I passed out", "my lips look blue", "I keep seeing things", "my words come out wrong", "very sleepy",
    "my blood pressure is low", "very high fever",
  ]

  @Test("the path through every question ends in urgent")
  func everyQuestionPath() {
    var patient = Patient(Fixtures.crs)
    var asked: [String] = []
    for line in Self.everyQuestion {
      asked.append(patient.question?.node ?? "")
      patient.say(line)
    }
    #expect(Set(asked).count == Self.everyQuestion.count, "each line answered a different question: \(asked)")
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

  @Test("every phrase of every emergency finding, alone on the first line, ends in emergency")
  func everyEmergencyPhrase() throws {
    let interrupt = try #require(Fixtures.crs.interrupts.first { $0.id == "emergency_sign" })
    guard case .present(let ids) = interrupt.condition.rule else {
      Issue.record("emergency_sign is not a list of findings")
      return
    }
    #expect(ids.count == 12)
    for id in ids {
      let finding = try #require(Fixtures.crs.finding(id))
      for phrase in [finding.label] + finding.phrases {
        var patient = Patient(Fixtures.crs)
        patient.say(phrase)
        #expect(patient.disposition == "emergency", "“\(phrase)” (\(id))")
      }
    }
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
