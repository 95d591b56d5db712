import Testing

@testable import Kiosk

@Suite struct RendererTests {
  /// A result as the server sends it, with the suspected grade for staff.
  static let resultLine =
    #"{"type":"result","disposition":"emergency","label":"Call 911 or go to the emergency department now","advice":"Call 911 now.","urgent_style":true,"final":true,"findings":[],"severity":{"grade":2,"label":"signs of organ dysfunction (grade 2)","basis":["confusion"]}}"#

  private func adviceScreen() throws -> Screen {
    var screen = Screen(words: ["en": ScreenTests.english])
    screen.receive(ScreenTests.hello("a"))
    screen.receive(try #require(ServerMessage(line: Self.resultLine)))
    return screen
  }

  @Test func theAdviceIsShownProminentlyAndTheGradeForStaffNever() throws {
    let screen = try adviceScreen()
    let drawn = FullScreenRenderer(settings: KioskSettings(helpLine: "Tell the front desk."), width: 80)
      .render(screen)
    #expect(drawn.contains("\u{1B}[1;97;41m CALL 911 OR GO TO THE EMERGENCY DEPARTMENT NOW"))
    #expect(drawn.contains("Tell the front desk."))
    #expect(drawn.contains("When you have finished reading"))
    #expect(!drawn.contains("grade") && !drawn.contains("organ dysfunction"))
    var plain = PlainRenderer(settings: KioskSettings())
    let printed = plain.update(screen).joined()
    #expect(!printed.contains("grade"))
  }

  @Test func theUnavailableScreenGivesTheEmergencyNumberAndNothingTechnical() {
    var screen = Screen(words: ["en": ScreenTests.english])
    screen.serverUnavailable()
    let drawn = FullScreenRenderer(settings: KioskSettings(), width: 80).render(screen)
    #expect(drawn.contains("call 911 now"))
    #expect(!drawn.contains("Esc"), "no keys to press while nothing can be asked")
  }

  @Test func choicesAreNumberedWithTheHighlightedOneMarkedAndTheNamedKeysShown() {
    var screen = Screen(words: ["en": ScreenTests.english])
    screen.receive(ScreenTests.hello("a"))
    screen.receive(ScreenTests.ask("Who?", ["me", "my son"]))
    screen.move(by: 1)
    let drawn = FullScreenRenderer(settings: KioskSettings(), width: 80).render(screen)
    #expect(drawn.contains("   1  me"))
    #expect(drawn.contains("\u{1B}[7m > 2  my son"))
    #expect(drawn.contains(" Esc \u{1B}[0m Back"))
  }

  @Test func plainModePrintsEachThingOnceAndNeverMovesTheCursor() {
    var screen = Screen(words: ["en": ScreenTests.english])
    var plain = PlainRenderer(settings: KioskSettings(plain: true))
    screen.receive(ScreenTests.hello("a"))
    screen.receive(.say("Hello."))
    screen.receive(ScreenTests.ask("Who?", ["me", "my son"]))
    let first = plain.update(screen)
    #expect(first == ["Hello.", "Who?", "1) me", "2) my son", ""])
    let again = plain.update(screen)
    #expect(again == [])
    #expect(plain.repeated(screen) == ["Who?", "1) me", "2) my son", ""])
    #expect(!plain.repeated(screen).joined().contains("\u{1B}"))
  }

  @Test func longWordsWrapAtTheWidth() {
    #expect(TextWrapping.wrap("one two three four", width: 10) == ["one two", "three four"])
  }
}
