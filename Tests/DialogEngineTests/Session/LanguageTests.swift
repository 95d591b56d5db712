import DialogEngine
import Foundation
import Testing

/// Conversations in more than one language: how a conversation's language is chosen, and that an
/// emergency said in any of the dialog's languages is an emergency in every conversation.
@Suite("Languages of a conversation")
struct LanguageTests {
  static let spanish = Fixtures.crs.translation("es")!

  static func texts(_ events: [Event]) -> [String] {
    events.compactMap { event in
      switch event {
      case .say(let text): text
      case .ask(let question): question.text
      default: nil
      }
    }
  }

  @Test("the product's dialog speaks English and Spanish, with the same medicine in both")
  func bothLanguages() {
    #expect(Fixtures.crsEngine.languageCodes == ["en", "es"])
    #expect(Self.spanish.nodes.map(\.id) == Fixtures.crs.nodes.map(\.id))
    #expect(Self.spanish.findings.map(\.id) == Fixtures.crs.findings.map(\.id))
    #expect(Self.spanish.node("opening")?.kind != Fixtures.crs.node("opening")?.kind)
  }

  @Test("without a chosen language the other languages are offered before the first question")
  func offered() {
    let offer = Self.spanish.messages.languageOffer
    #expect(!offer.isEmpty)
    let patient = Patient(Fixtures.crs)
    #expect(Self.texts(patient.heard).contains(offer))
    #expect(!Self.texts(Patient(Fixtures.crs, language: "en").heard).contains(offer))
  }

  @Test("naming a language chooses it, and the conversation starts again in it")
  func chosenByName() {
    for name in ["español", "espanol", "Spanish"] {
      var patient = Patient(Fixtures.crs)
      patient.say(name)
      #expect(patient.session.language == "es", "\(name)")
      guard case .ask(let ask)? = Self.spanish.node("opening")?.kind else { Issue.record(); return }
      #expect(patient.question?.text == ask.text, "\(name)")
    }
  }

  @Test(
    "a first line in Spanish switches the conversation to Spanish, with the Spanish welcome",
    arguments: ["tengo fiebre desde ayer y me duele la cabeza", "mi hijo tiene calentura y esta muy cansado"])
  func switchedByFirstLine(line: String) {
    var patient = Patient(Fixtures.crs)
    let reply = patient.say(line)
    #expect(patient.session.language == "es")
    guard case .say(let welcome)? = Self.spanish.node("welcome")?.kind else { Issue.record(); return }
    #expect(Self.texts(reply).contains(welcome))
  }

  @Test("a first line in English keeps the conversation in English")
  func englishStaysEnglish() {
    var patient = Patient(Fixtures.crs)
    patient.say("I have had a headache since yesterday")
    #expect(patient.session.language == "en")
  }

  @Test(
    "an emergency said in the other language is still an emergency",
    arguments: [
      ("es", "I can't breathe"), ("es", "my chest hurts so bad"), ("en", "no puedo respirar"),
      ("en", "me duele mucho el pecho"),
    ])
  func emergencyInTheOtherLanguage(language: String, line: String) {
    var patient = Patient(Fixtures.crs, language: language)
    patient.say("no")  // past the opening, at the emergency screen
    patient.say(line)
    #expect(patient.disposition == "emergency", "\(language): \(line)")
  }

  @Test("a Spanish temperature written with a decimal comma is read as such")
  func decimalComma() {
    let understanding = Understanding(dialog: Self.spanish)
    let reading = understanding.read(
      "tiene 39,5 grados", asking: Self.spanish.slot("temperature"), today: Fixtures.today,
      calendar: Calendar(identifier: .gregorian))
    #expect(reading.fill(for: "temperature")?.value.magnitude == 39.5)
    // Picks from a list stay picks.
    let picks = understanding.read(
      "1,3", asking: Self.spanish.slot("symptoms"), today: Fixtures.today,
      calendar: Calendar(identifier: .gregorian))
    #expect(picks.fill(for: "symptoms")?.value != nil)
    #expect(picks.fill(for: "temperature") == nil)
  }
}
