import Foundation
import Testing

@testable import Desk

@Suite("What open desk pages are told")
struct LiveEventTests {
  @Test("each event is one Server-Sent Event whose data is one line of JSON, whatever the text holds")
  func wire() throws {
    let alert = LiveEvent.Alert(
      session: "s1", label: "Call 911\nnow \"quick\"", kiosk: "lobby</script>",
      ended: Date(timeIntervalSince1970: 0))
    let wire = LiveEvent.alerts([alert]).wire
    #expect(wire.hasPrefix("event: alerts\ndata: ["))
    #expect(wire.hasSuffix("\n\n"))
    let data = try #require(wire.split(separator: "\n").dropFirst().first).dropFirst("data: ".count)
    let decoded = try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [[String: String]]
    #expect(decoded?.first?["label"] == "Call 911\nnow \"quick\"")
    #expect(decoded?.first?["kiosk"] == "lobby</script>")
    #expect(LiveEvent.heartbeat.wire.hasPrefix(":"), "a comment, which the page ignores")
  }
}
