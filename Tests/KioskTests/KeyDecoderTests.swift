import Testing

@testable import Kiosk

@Suite struct KeyDecoderTests {
  private func keys(_ bytes: [UInt8]) -> [Key] {
    var decoder = KeyDecoder()
    return bytes.compactMap { decoder.feed($0) }
  }

  @Test func digitsEnterAndSpaceAreKeysOfTheirOwn() {
    #expect(keys(Array("3 \r".utf8)) == [.digit(3), .space, .enter])
  }

  @Test func arrowsInBothCursorModesMoveTheHighlight() {
    #expect(keys([0x1B, 0x5B, 0x41, 0x1B, 0x4F, 0x42]) == [.up, .down])
  }

  @Test func f5FromXtermOrTheLinuxConsoleStartsOver() {
    #expect(keys(Array("\u{1B}[15~\u{1B}[[E".utf8)) == [.startOver, .startOver])
  }

  @Test func aLoneEscIsBackOnlyOnceNothingFollows() {
    var decoder = KeyDecoder()
    #expect(decoder.feed(0x1B) == nil)
    #expect(decoder.isHolding)
    #expect(decoder.timeout() == .back)
  }

  @Test func aLetterOrAnAccentedLetterBeginsTyping() {
    #expect(keys(Array("aé".utf8)) == [.character("a"), .character("é")])
  }
}
