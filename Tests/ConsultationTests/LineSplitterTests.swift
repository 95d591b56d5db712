import Consultation
import Testing

/// The one rule by which chat and serve cut input into lines.
@Suite("Line splitting")
struct LineSplitterTests {
  /// Every piece of `bytes` fed in chunks of `chunk`, then the end of the stream.
  func pieces(_ text: String, limit: Int = 8, chunk: Int = 3) -> [LineSplitter.Piece] {
    var splitter = LineSplitter(limit: limit)
    var pieces: [LineSplitter.Piece] = []
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let end = min(offset + chunk, bytes.count)
      splitter.split(bytes[offset..<end]) { pieces.append($0) }
      offset = end
    }
    if let last = splitter.finish() { pieces.append(last) }
    return pieces
  }

  func line(_ text: String) -> LineSplitter.Piece { .line(Array(text.utf8)) }

  @Test("lines end at a newline; a carriage return before it is no part of the line")
  func linesAndCarriageReturns() {
    for chunk in [1, 2, 3, 100] {
      #expect(
        pieces("one\r\ntwo\n\nthree", chunk: chunk) == [line("one"), line("two"), line(""), line("three")])
    }
  }

  @Test("a line exactly at the limit is accepted, with or without its carriage return, however it arrives")
  func lineAtTheLimit() {
    for chunk in [1, 3, 8, 9, 10, 100] {
      #expect(pieces("12345678\r\n", chunk: chunk) == [line("12345678")], "pieces of \(chunk)")
      #expect(pieces("12345678\n", chunk: chunk) == [line("12345678")])
      #expect(pieces("123456789\r\n", chunk: chunk) == [.tooLong], "one byte over, pieces of \(chunk)")
    }
  }

  @Test("an overlong line is discarded whole, and the next line is read")
  func overlongLine() {
    for chunk in [1, 4, 9, 100] {
      #expect(pieces(String(repeating: "x", count: 30) + "\nok\n", chunk: chunk) == [.tooLong, line("ok")])
    }
  }

  @Test("at the end of input a last line without a newline counts; the tail of an overlong one is refused")
  func endOfInput() {
    #expect(pieces("last") == [line("last")])
    #expect(pieces("last\r") == [line("last")])
    #expect(pieces(String(repeating: "x", count: 30)) == [.tooLong])
    #expect(pieces("") == [])
  }

  @Test("never more than the limit and one byte is held, however long the line")
  func boundedMemory() {
    var splitter = LineSplitter(limit: 8)
    for _ in 0..<1000 { splitter.split(Array(repeating: UInt8(ascii: "z"), count: 1000)) { _ in } }
    #expect(splitter.isMidLine)
    var after: [LineSplitter.Piece] = []
    splitter.split(Array("\nfine\n".utf8)) { after.append($0) }
    #expect(after == [.tooLong, line("fine")])
  }

  @Test("a reset drops the half line; an abandoned line is dropped up to its newline")
  func resetAndAbandon() {
    var splitter = LineSplitter(limit: 8)
    var seen: [LineSplitter.Piece] = []
    splitter.split(Array("half".utf8)) { seen.append($0) }
    splitter.reset()
    #expect(!splitter.isMidLine)
    splitter.split(Array("new\n".utf8)) { seen.append($0) }
    splitter.split(Array("slow".utf8)) { seen.append($0) }
    splitter.abandonLine()
    splitter.split(Array("ly\nnext\n".utf8)) { seen.append($0) }
    #expect(seen == [line("new"), .tooLong, line("next")])
  }
}
