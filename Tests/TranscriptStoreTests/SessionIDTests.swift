import Foundation
import Testing

@testable import TranscriptStore

@Suite("Session ids")
struct SessionIDTests {
  let noon = Date(timeIntervalSince1970: 1_795_608_000)

  @Test("ids start with their UTC start, sort by time, and differ by chance")
  func idsSortByTime() {
    let early = SessionID(startingAt: noon)
    let late = SessionID(startingAt: noon.addingTimeInterval(1))
    #expect(early.text.hasPrefix("20261125T120000Z-"))
    #expect(early.text.count == "20261125T120000Z-".count + 16)
    #expect(early.text < late.text)
    #expect(SessionID(startingAt: noon) != SessionID(startingAt: noon))
  }

  @Test("an id names its day folder and its file")
  func idNamesItsFile() throws {
    let id = try #require(SessionID("20261125T120000Z-00000000000000ff"))
    #expect(id.day == "2026/11/25")
    #expect(id.file == "2026/11/25/20261125T120000Z-00000000000000ff.jsonl")
    #expect(SessionID.day(of: noon) == "2026/11/25")
  }

  @Test("text that could name another path, or has no date, is no id")
  func strangeTextIsNoID() {
    for text in ["", "2026", "../../etc/passwd", "20261125/../x", "abcdefgh-1", "20261125T12 x", "２０２６１１２５"] {
      #expect(SessionID(text) == nil, "\(text)")
    }
  }
}
