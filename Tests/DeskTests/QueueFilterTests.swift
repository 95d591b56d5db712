import Foundation
import Review
import Testing
import TranscriptStore

@testable import Desk

@Suite("The queue's filters")
struct QueueFilterTests {
  static func entry(_ session: String, day: String, kiosk: String, signed: Bool) -> QueueEntry {
    let lines = [
      #"{"at":"\#(day)T10:00:00.000Z","channel":"tcp","format":1,"kiosk":"\#(kiosk)","seq":0,"session":"\#(session)","type":"session"}"#,
      #"{"at":"\#(day)T10:00:09.000Z","ending":"quit","seq":1,"type":"end"}"#,
    ]
    let transcript = Transcript(session: session, location: "test", lines: lines)
    var entry = QueueEntry(ReviewDesk(root: "/nonexistent").entry(transcript))
    entry.signOffs = signed ? [["session": session, "by": "carol", "at": "\(day)T11:00:00Z"]] : []
    return entry
  }

  static let entries = [
    entry("a", day: "2026-11-30", kiosk: "lobby-1", signed: false),
    entry("b", day: "2026-12-01", kiosk: "lobby-2", signed: true),
    entry("c", day: "2026-12-02", kiosk: "lobby-1", signed: false),
  ]

  static func shown(_ query: [String: String]) -> [String] {
    QueueFilter.ordered(entries.filter(QueueFilter(query: query).admits)).map(\.session)
  }

  @Test("by default the queue is what is not signed off, oldest first among equals")
  func defaults() {
    #expect(Self.shown([:]) == ["a", "c"])
    #expect(Self.shown(["signed": "yes"]) == ["b"])
    #expect(Self.shown(["signed": "all"]) == ["a", "b", "c"])
  }

  @Test("by day, from and to, inclusive; by kiosk; by a conversation without advice")
  func filters() {
    #expect(Self.shown(["signed": "all", "from": "2026-12-01"]) == ["b", "c"])
    #expect(Self.shown(["signed": "all", "to": "2026-12-01"]) == ["a", "b"])
    #expect(Self.shown(["kiosk": "lobby-1"]) == ["a", "c"])
    #expect(Self.shown(["disposition": "none"]) == ["a", "c"])
    #expect(Self.shown(["disposition": "emergency"]).isEmpty)
  }

  @Test("an unreadable day is ignored, and the filter's query string gives back the same filter")
  func query() {
    let filter = QueueFilter(query: ["from": "yesterday", "kiosk": "lobby 1&2", "signed": "all"])
    #expect(filter.from == nil)
    let back = URLComponents(string: "/?\(filter.query)")!.queryItems!.reduce(into: [String: String]()) {
      $0[$1.name] = $1.value
    }
    #expect(QueueFilter(query: back) == filter)
  }
}
