import Foundation
import NIOCore
import Testing

/// Each limit of docs/PROTOCOL.md, with the message the client sees.
@Suite("crscheck serve: limits", .timeLimit(.minutes(2)))
struct LimitsTests {
  @Test("an overlong line is refused with a message, discarded, and the conversation goes on")
  func overlongLine() async throws {
    let server = try await TestServer.start { $0.maxLineLength = 100 }
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      try await client.beginJSON()
      try await client.send(#"{"type":"answer","text":""# + String(repeating: "x", count: 500) + #""}"#)
      let turn = try await client.turn().map(json)
      #expect(turn.first?["code"] as? String == "line_too_long")
      #expect(turn.last?["slot"] as? String == "concern", "the same question stands")
      try await client.send(#"{"type":"answer","text":"I can't breathe"}"#)
      let result = try await client.turn().map(json)
      #expect(result.contains { $0["disposition"] as? String == "emergency" })
    }
    try await server.stop()
    let transcripts = try server.transcriptRecords()
    try #require(transcripts.count == 1, "the conversation was saved")
    let patient = transcripts[0].filter { $0["type"] as? String == "patient" }.compactMap {
      $0["text"] as? String
    }
    #expect(patient == ["I can't breathe"], "the line after the refused one is saved, and only it")
    #expect(!"\(transcripts[0])".contains("xxxxxxxxxx"), "a discarded line is never stored")
  }

  @Test("a line that arrives in pieces is limited all the same")
  func overlongLineInPieces() async throws {
    let server = try await TestServer.start { $0.maxLineLength = 100 }
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      try await client.beginJSON()
      for _ in 0..<10 { try await client.sendRaw(Array(repeating: UInt8(ascii: "y"), count: 50)) }
      try await client.sendRaw([0x0A])
      #expect(try await client.turn().map(json).first?["code"] as? String == "line_too_long")
    }
    try await server.stop()
  }

  @Test("a client that keeps sending overlong lines is disconnected")
  func repeatedOverlongLines() async throws {
    let server = try await TestServer.start { $0.maxLineLength = 50 }
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      try await client.beginJSON()
      for _ in 0..<3 { try await client.send(String(repeating: "z", count: 80)) }
      let rest = try await client.rest().map(json)
      #expect(rest.filter { $0["code"] as? String == "line_too_long" }.count == 2)
      #expect(rest.last?["type"] as? String == "bye")
      #expect(rest.last?["reason"] as? String == "too_many_errors")
    }
    try await server.stop()
    #expect(try server.transcriptRecords().first?.last?["ending"] as? String == "abandoned")
  }

  @Test(
    "invalid UTF-8 and control bytes are refused, never echoed or stored",
    arguments: [
      [0xFF, 0xFE, 0x41] as [UInt8], Array("hi\u{7}there".utf8), [0x00, 0x41],
    ])
  func invalidText(bytes: [UInt8]) async throws {
    let server = try await TestServer.start()
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      try await client.beginText()
      try await client.sendRaw(bytes + [0x0A])
      let turn = try await client.turn()
      #expect(turn.first?.hasPrefix("! That line held characters") == true)
      #expect(turn.last == "> ")
    }
    try await server.stop()
    let transcripts = try server.transcriptRecords()
    try #require(transcripts.count == 1, "the conversation was saved")
    #expect(transcripts[0].first?["type"] as? String == "session")
    #expect(transcripts[0].filter { $0["type"] as? String == "patient" }.isEmpty, "the refused line is not")
  }

  @Test("connections over the limit get a polite refusal line, then close")
  func connectionLimit() async throws {
    let server = try await TestServer.start { $0.maxConnections = 2 }
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { first in
      _ = try await first.next()
      try await LineClient.withConnection(port: server.port) { second in
        _ = try await second.next()
        try await LineClient.withConnection(port: server.port) { third in
          let refusal = try await third.rest()
          #expect(refusal.count == 1)
          #expect(refusal.first?.hasPrefix("BUSY -- crscheck is busy") == true)
          #expect(refusal.first?.contains("call 911") == true)
        }
      }
    }
    try await server.stop()
  }

  @Test("a flood of refused connections is summarised in the log, not a line for each")
  func refusalsAreSummarised() async throws {
    let logs = LogRecorder()
    let server = try await TestServer.start(logs: logs) { $0.maxConnections = 1 }
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { first in
      _ = try await first.next()
      for _ in 0..<50 {
        try await LineClient.withConnection(port: server.port) { refused in _ = try await refused.rest() }
      }
    }
    try await server.stop()
    let lines = logs.entries.filter { $0.text.contains("refused") }
    #expect((1...3).contains(lines.count), "\(lines.map(\.text))")
    let counted = lines.compactMap { $0.text.firstMatch(of: /refused=(\d+)/).flatMap { Int($0.1) } }
    #expect(counted.reduce(0, +) == 50, "every refusal is counted: \(lines.map(\.text))")
  }

  @Test("one address may hold only so many connections")
  func perAddressLimit() async throws {
    let server = try await TestServer.start { $0.maxConnectionsPerAddress = 1 }
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { first in
      _ = try await first.next()
      try await LineClient.withConnection(port: server.port) { second in
        let refusal = try await second.rest()
        #expect(refusal.first?.hasPrefix("BUSY") == true)
      }
    }
    try await server.stop()
  }

  @Test("an idle conversation is closed with a goodbye, and its transcript closed as abandoned")
  func idleTimeout() async throws {
    let server = try await TestServer.start { $0.idleTimeout = .milliseconds(300) }
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      try await client.beginJSON()
      let rest = try await client.rest().map(json)
      #expect(rest.last?["reason"] as? String == "idle")
      #expect((rest.first?["text"] as? String)?.contains("call 911") == true)
    }
    try await server.stop()
    #expect(try server.transcriptRecords().first?.last?["ending"] as? String == "abandoned")
  }

  @Test("a connection that never sends its first line is closed sooner")
  func firstLineTimeout() async throws {
    let server = try await TestServer.start { $0.firstLineTimeout = .milliseconds(200) }
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      let rest = try await client.rest()
      #expect(rest.first?.hasPrefix("CRSCHECK/1") == true)
      #expect(rest.last?.hasPrefix("No answer came for a while") == true)
    }
    try await server.stop()
  }

  @Test("a line trickled a byte at a time is cut off when it takes too long")
  func slowTrickle() async throws {
    let server = try await TestServer.start { $0.lineTimeout = .milliseconds(300) }
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      try await client.beginJSON()
      for byte in Array(#"{"type":"ans"#.utf8) {
        // The server may have cut the connection already, which is the point.
        do { try await client.sendRaw([byte]) } catch { break }
        try await Task.sleep(for: .milliseconds(50))
      }
      // The server says goodbye and closes; bytes still arriving may make the close a reset, which can
      // cost the client the goodbye line. Either way the connection is cut off.
      do {
        let rest = try await client.rest().map(json)
        #expect(rest.last?["reason"] as? String == "slow_line")
      } catch {
        #expect("\(error)".contains("reset"), "\(error)")
      }
    }
    try await server.stop()
  }

  /// A kiosk waiting for its next patient may stay idle for ever, but not by trickling a line.
  @Test("a kiosk connection trickling a line after a newline is closed, not kept")
  func slowTrickleOnKiosk() async throws {
    let server = try await TestServer.start {
      $0.kiosk = true
      $0.lineTimeout = .milliseconds(300)
    }
    defer { server.removeTranscripts() }
    let closed = try await LineClient.withConnection(port: server.port) { client -> Bool in
      try await client.beginJSON()
      try await client.sendRaw([0x0A])
      for _ in 0..<40 {
        do { try await client.sendRaw([UInt8(ascii: "x")]) } catch { return true }
        try await Task.sleep(for: .milliseconds(100))
      }
      return false
    }
    #expect(closed, "the server closed the trickling kiosk within 4 s")
    try await server.stop()
  }

  @Test("a client that never reads is disconnected once its output backs up, while others are served")
  func clientThatNeverReads() async throws {
    let server = try await TestServer.start { $0.writeStallTimeout = .milliseconds(300) }
    defer { server.removeTranscripts() }
    async let stalled = LineClient.withConnection(port: server.port) { client -> Bool in
      try await client.send(#"{"type":"hello"}"#)
      // Each "help" makes the server write its help and the question again; nobody reads them.
      let help = Array(String(repeating: #"{"type":"command","command":"help"}"# + "\n", count: 200).utf8)
      while true {
        do {
          try await client.sendRaw(help)
        } catch {
          return true
        }
        try await Task.sleep(for: .milliseconds(20))
      }
    }
    let other = try await LineClient.consult(port: server.port, saying: "I can't breathe")
    #expect(other.contains { $0["disposition"] as? String == "emergency" }, "another patient is served")
    #expect(try await stalled, "the server closed the stalled connection")
    while server.openConnections > 0 { try await Task.sleep(for: .milliseconds(20)) }
    try await server.stop()
    let endings = try server.transcriptRecords().compactMap { $0.last?["ending"] as? String }.sorted()
    #expect(endings == ["abandoned", "completed"], "the stalled conversation's transcript is closed too")
  }
}
