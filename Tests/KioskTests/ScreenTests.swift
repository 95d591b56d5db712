import Testing

@testable import Kiosk

@Suite struct ScreenTests {
  static let english = KioskWords(notices: [
    "kiosk_unavailable": "Not available. If this is an emergency, call 911 now.", "kiosk_back": "Back",
    "kiosk_finish": "When you have finished reading, press Enter.",
  ])
  static let spanish = KioskWords(notices: [
    "kiosk_unavailable": "No disponible. Si es una emergencia, llame al 112.", "kiosk_back": "Atrás",
  ])

  static func hello(_ session: String, token: String? = "t", words: [String: KioskWords] = [:])
    -> ServerMessage
  {
    .hello(.init(session: session, resumeToken: token, words: words))
  }

  static func ask(_ text: String, _ choices: [String] = [], input: String = "choice", language: String = "en")
    -> ServerMessage
  {
    .ask(
      .init(text: text, input: input, choices: choices.map { .init(id: $0, label: $0) }, language: language))
  }

  static let emergency = ServerMessage.result(
    .init(disposition: "emergency", label: "Call 911", advice: "Call now.", urgent: true, final: true))

  @Test func aQuestionAndTheWordsBeforeItMakeOneScreen() {
    var screen = Screen(words: ["en": Self.english])
    screen.receive(Self.hello("a"))
    screen.receive(.say("Hello."))
    screen.receive(Self.ask("Who is this about?", ["me", "my son"]))
    #expect(screen.lines == ["Hello."])
    #expect(screen.question?.text == "Who is this about?")
    screen.patientAnswered()
    screen.receive(.say("I understood: me."))
    screen.receive(Self.ask("Which symptoms?"))
    #expect(screen.lines == ["I understood: me."], "the last screen's words were kept")
  }

  @Test func theAdviceStaysUntilDismissedAndTheNextPatientWaitsBehindIt() {
    var screen = Screen(words: ["en": Self.english])
    screen.receive(Self.hello("a"))
    screen.receive(Self.ask("In your own words?", input: "text"))
    screen.patientAnswered()
    screen.receive(Self.emergency)
    screen.receive(.bye(reason: "completed"))
    screen.receive(.reset)
    screen.receive(Self.hello("b"))
    screen.receive(Self.ask("In your own words?", input: "text"))
    #expect(screen.phase == .advice)
    #expect(screen.advice?.label == "Call 911")
    let waited = screen.dismissAdvice()
    #expect(waited)
    #expect(screen.session == "b")
    #expect(screen.advice == nil)
    #expect(screen.phase == .conversation)
  }

  @Test func adviceGivenEarlyStaysOnScreenWhileQuestionsGoOn() {
    var screen = Screen(words: [:])
    screen.receive(Self.hello("a"))
    screen.receive(
      .result(.init(disposition: "urgent", label: "Contact", advice: "Now.", urgent: false, final: false)))
    screen.receive(Self.ask("Any more?"))
    screen.patientAnswered()
    screen.receive(Self.ask("And?"))
    #expect(screen.advice?.disposition == "urgent")
    #expect(screen.phase == .conversation)
    #expect((screen.resumeToken != nil))
  }

  @Test func aConversationInProgressIsResumableAndAnEndedOneIsNot() {
    var screen = Screen(words: [:])
    screen.receive(Self.hello("a", token: "secret"))
    screen.receive(Self.ask("Who?", ["me"]))
    #expect((screen.resumeToken != nil))
    screen.receive(.bye(reason: "quit"))
    #expect(!(screen.resumeToken != nil))
  }

  @Test func theServersRestartNoticeForBareTerminalsIsNotShownOnAKiosk() {
    var screen = Screen(words: [:])
    screen.receive(Self.hello("a"))
    screen.receive(.say("Hello."))
    screen.receive(Self.ask("Who?", ["me"]))
    screen.receive(.say("crscheck is restarting. Connect again and type the RESUME line."))
    screen.receive(.bye(reason: "restart"))
    #expect(screen.lines == ["Hello."])
    #expect(screen.question?.text == "Who?")
    #expect((screen.resumeToken != nil))
  }

  @Test func aConversationEndedByTheServerLeavesNoQuestionToAnswer() {
    var screen = Screen(words: [:])
    screen.receive(Self.hello("a"))
    screen.receive(Self.ask("Who?", ["me"]))
    screen.receive(.say("crscheck is restarting and this conversation has ended. Call 911 if …"))
    screen.receive(.bye(reason: "shutdown"))
    #expect(screen.question == nil)
    #expect(screen.lines.last?.hasPrefix("crscheck is restarting") == true)
  }

  @Test func theKioskWordsFollowTheLanguageOfTheQuestion() {
    var screen = Screen(words: ["en": Self.english])
    screen.receive(Self.hello("a", words: ["en": Self.english, "es": Self.spanish]))
    screen.receive(Self.ask("¿Quién?", ["yo"], language: "es"))
    #expect(screen.kioskWords.back == "Atrás")
    screen.serverUnavailable()
    #expect(screen.phase == .unavailable)
    #expect(screen.kioskWords.unavailable.contains("112"), "the number of the dialog's own country")
  }

  @Test func aServerWhoseDialogLacksTheKioskWordsNeverBlanksTheEmergencyNumber() {
    var screen = Screen(words: ["en": Self.english])
    screen.receive(Self.hello("a", words: ["en": KioskWords(notices: ["kiosk_back": "Go back"])]))
    #expect(screen.kioskWords.back == "Go back")
    #expect(screen.kioskWords.unavailable.contains("911"))
  }

  @Test func aConversationThatCouldNotBeResumedIsSaidToBeLostOnTheNewOne() {
    let words = KioskWords(notices: ["kiosk_lost": "The last conversation could not be continued."])
    var screen = Screen(words: ["en": words])
    screen.receive(Self.hello("a"))
    screen.receive(Self.ask("Who?", ["me"]))
    screen.conversationLost()
    screen.receive(Self.hello("b"))
    screen.receive(.say("Hello."))
    screen.receive(Self.ask("In your own words?", input: "text"))
    #expect(screen.lines == ["The last conversation could not be continued.", "Hello."])
  }

  @Test func aPatientWhoLeftWhileNoServerAnsweredLeavesNothingOnScreen() {
    var screen = Screen(words: ["en": Self.english])
    screen.receive(Self.hello("a"))
    screen.receive(.say("I understood: fever."))
    screen.receive(Self.ask("Who?", ["me"]))
    screen.serverUnavailable()
    screen.abandon()
    #expect(screen.lines.isEmpty && screen.question == nil && screen.session == nil)
    #expect(screen.phase == .unavailable)
    screen.serverAvailable()
    #expect(screen.phase == .connecting)
  }

  @Test func numbersAndArrowsChooseAndAFindingsQuestionTakesSeveral() {
    var screen = Screen(words: [:])
    screen.receive(Self.hello("a"))
    screen.receive(Self.ask("Any of these?", ["fever", "cough", "rash"], input: "findings"))
    #expect(screen.chosen == nil, "nothing checked yet")
    screen.pick(number: 3)
    screen.move(by: -2)
    screen.toggle()
    #expect(screen.chosen == ["fever", "rash"])
    screen.pick(number: 3)
    #expect(screen.chosen == ["fever"])
    let noSuchChoice = screen.pick(number: 4)
    #expect(!noSuchChoice)
    screen.receive(Self.ask("Who?", ["me", "my son"]))
    screen.move(by: 5)
    #expect(screen.chosen == ["my son"])
  }
}
