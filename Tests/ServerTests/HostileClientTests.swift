import Foundation
import Testing

/// Clients that misbehave, by accident or on purpose, as a review of the server found them.
@Suite("crscheck serve: hostile and careless clients", .timeLimit(.minutes(2)))
struct HostileClientTests {
  @Test("a client that sends its words and closes its side still gets the emergency advice")
  func halfClose() async throws {
    let server = try await TestServer.start()
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      try await client.send("")
      try await client.send("I can't breathe")
      try await client.finishSending()
      let all = try await client.rest().joined(separator: "\n")
      #expect(all.contains("*** CALL 911"))
    }
    try await server.stop()
    let patient = try server.transcriptRecords().first?.filter { $0["type"] as? String == "patient" }
    #expect(patient?.compactMap { $0["text"] as? String }.contains("I can't breathe") == true)
  }

  @Test("a last line without a newline before the client closes still counts")
  func lastLineWithoutNewline() async throws {
    let server = try await TestServer.start()
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      try await client.send("")
      try await client.sendRaw(Array("my lips are blue".utf8))
      try await client.finishSending()
      #expect(try await client.rest().joined().contains("CALL 911"))
    }
    try await server.stop()
  }

  /// Bytes still unread in the socket at the reset cannot be told from bytes typed after it: the idle
  /// time leaves the server, however loaded the test machine, time to have read the half line.
  @Test("a kiosk drops the last patient's half-typed line at a reset")
  func kioskPartialLine() async throws {
    let server = try await TestServer.start {
      $0.kiosk = true
      $0.kioskIdle = .seconds(3)
    }
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      try await client.beginText()
      try await client.send("I have a headache")
      _ = try await client.turn()
      try await client.sendRaw(Array("my son Tobias had Kymriah and has a fever of 40".utf8))
      var seen: [String] = []
      while !seen.contains(where: { $0.contains("\u{1B}[2J") }) { seen += try await client.turn() }
      while seen.last != "> " { seen += try await client.turn() }
      try await client.send("")
      let next = try await client.turn().joined(separator: "\n")
      #expect(!next.contains("Tobias") && !next.contains("CALL 911") && !next.contains("Kymriah"))
    }
    try await server.stop()
    let all = try server.transcriptRecords().map { "\($0)" }.joined()
    #expect(!all.contains("Tobias"), "a half-typed line was never an answer")
  }

  @Test("a kiosk drops lines already queued for the last patient at a reset")
  func kioskQueuedLines() async throws {
    let server = try await TestServer.start { $0.kiosk = true }
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      _ = try await client.next()
      try await client.sendRaw(
        Array("\nI cannot breathe\nmy daughter Zelda had Kymriah and is very confused\n".utf8))
      var seen: [String] = []
      while !seen.contains(where: { $0.contains("\u{1B}[2J") }) { seen += try await client.turn() }
      while seen.last != "> " { seen += try await client.turn() }
      let afterReset = seen.joined(separator: "\n").components(separatedBy: "\u{1B}[2J").last ?? ""
      #expect(!afterReset.contains("Zelda") && !afterReset.contains("I understood"))
      try await client.send("quit")
      _ = try await client.turn()
    }
    try await server.stop()
    let records = try server.transcriptRecords()
    #expect(records.count >= 2)
    #expect(!records.dropFirst().map { "\($0)" }.joined().contains("Zelda"))
  }

  @Test("text inside JSON is held to the text rules: control characters are refused, not stored")
  func jsonControlCharacters() async throws {
    let server = try await TestServer.start()
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      try await client.beginJSON()
      try await client.send(#"{"type":"answer","text":"\u0007\u001b[2J hi"}"#)
      let turn = try await client.turn().map(json)
      #expect(turn.first?["code"] as? String == "invalid_text")
      #expect(turn.last?["type"] as? String == "ask")
    }
    try await server.stop()
    let patient = try server.transcriptRecords().first?.filter { $0["type"] as? String == "patient" } ?? []
    #expect(patient.isEmpty)
  }

  @Test("a first JSON line that is an answer, not a hello, is kept: an emergency at once")
  func jsonAnswerFirst() async throws {
    let server = try await TestServer.start()
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      _ = try await client.next()
      try await client.send(#"{"type":"answer","text":"I cannot breathe"}"#)
      let rest = try await client.rest().map(json)
      #expect(rest.contains { $0["disposition"] as? String == "emergency" })
      #expect(rest.last?["type"] as? String == "bye")
    }
    try await server.stop()
  }

  @Test("a first JSON line that is nonsense gets an error, then the opening question")
  func jsonNonsenseFirst() async throws {
    let server = try await TestServer.start()
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      _ = try await client.next()
      try await client.send("{bad")
      let turn = try await client.turn().map(json)
      #expect(turn.first?["code"] as? String == "bad_message")
      #expect(turn.last?["type"] as? String == "ask")
    }
    try await server.stop()
  }

  @Test("a carriage return before the newline does not count towards the line limit")
  func carriageReturnIsFree() async throws {
    let server = try await TestServer.start { $0.maxLineLength = 40 }
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      try await client.beginText()
      try await client.sendRaw(Array((String(repeating: "a", count: 40) + "\r\n").utf8))
      let turn = try await client.turn()
      #expect(!turn.contains { $0.contains("too long") })
    }
    try await server.stop()
  }

  @Test("one conversation may take only so many lines")
  func turnLimit() async throws {
    let server = try await TestServer.start { $0.maxTurns = 5 }
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      try await client.beginJSON()
      // Questions about CRS answer without ending anything, however many are asked.
      for _ in 0..<6 { try await client.send(#"{"type":"answer","text":"what is CRS?"}"#) }
      let rest = try await client.rest().map(json)
      #expect(rest.last?["reason"] as? String == "turn_limit")
    }
    try await server.stop()
  }
}
