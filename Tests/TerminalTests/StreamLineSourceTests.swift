import Foundation
import Testing

@testable import Terminal

@Suite("Reading lines from a pipe")
struct StreamLineSourceTests {
  /// Feeds `bytes` through a real pipe, in chunks of `chunk` bytes, and collects every input until the end.
  func inputs(_ bytes: [UInt8], limit: Int = 16, chunk: Int = 5) -> [LineInput] {
    var descriptors: [Int32] = [0, 0]
    precondition(pipe(&descriptors) == 0)
    let (readEnd, writeEnd) = (descriptors[0], descriptors[1])
    let writer = Thread {
      var offset = 0
      while offset < bytes.count {
        let end = min(offset + chunk, bytes.count)
        _ = bytes[offset..<end].withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
        offset = end
      }
      close(writeEnd)
    }
    writer.start()
    var source = StreamLineSource(descriptor: readEnd, limit: limit)
    var result: [LineInput] = []
    while true {
      let input = source.next(prompt: "")
      result.append(input)
      if input == .end { break }
    }
    close(readEnd)
    return result
  }

  @Test("lines split on newlines; a carriage return and a last line without newline are fine")
  func plainLines() {
    #expect(inputs(Array("one\r\ntwo\nthree".utf8)) == [.line("one"), .line("two"), .line("three"), .end])
  }

  @Test("an empty stream ends at once")
  func emptyStream() {
    #expect(inputs([]) == [.end])
  }

  @Test("an overlong line is discarded whole, however it arrives, and the next line is read")
  func overlongLine() {
    let long = Array(repeating: UInt8(ascii: "x"), count: 100)
    #expect(inputs(long + Array("\nok\n".utf8), chunk: 7) == [.tooLong, .line("ok"), .end])
    #expect(inputs(long + Array("\nok\n".utf8), chunk: 4096) == [.tooLong, .line("ok"), .end])
    #expect(inputs(long) == [.tooLong, .end])
    for chunk in [3, 7, 16, 17, 40, 4096] {
      #expect(inputs(long, chunk: chunk) == [.tooLong, .end], "an overlong last line in pieces of \(chunk)")
    }
  }

  @Test("a line of exactly the limit is accepted, with or without a carriage return, as serve accepts it")
  func lineAtLimit() {
    let text = String(repeating: "y", count: 16)
    #expect(inputs(Array((text + "\n").utf8)) == [.line(text), .end])
    for chunk in [1, 5, 16, 17, 4096] {
      #expect(
        inputs(Array((text + "\r\n").utf8), chunk: chunk) == [.line(text), .end], "in pieces of \(chunk)")
    }
    #expect(inputs(Array((text + "y\r\n").utf8)) == [.tooLong, .end], "one more byte is one too many")
  }

  @Test("invalid UTF-8 and control bytes are refused; tabs and accents are text")
  func invalidText() {
    #expect(
      inputs([0xFF, 0xFE, 0x0A] + Array("a\u{7}b\n".utf8) + [0x00, 0x0A]) == [
        .invalidText, .invalidText, .invalidText, .end,
      ])
    #expect(inputs(Array("a\tb\nfièvre\n".utf8)) == [.line("a\tb"), .line("fièvre"), .end])
  }
}
