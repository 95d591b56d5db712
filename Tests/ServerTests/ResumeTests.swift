import Foundation
import Testing
import TranscriptStore

/// Conversations taken up again after their connection dropped: docs/PROTOCOL.md, "Resuming".
@Suite("crscheck serve: resuming a conversation", .timeLimit(.minutes(2)))
struct ResumeTests {
  /// The urgent script of ConversationTests, cut where the connection drops.
  static let before = ["I had the flu and now a fever", "no", "me"]
  static let after = ["nothing else", "same", "I don't know", "no"]

  /// Talks in JSON mode up to the drop; returns the session, its resume token and the question last asked.
  static func beginAndDrop(port: Int) async throws -> (session: String, token: String, question: String) {
    try await LineClient.withConnection(port: port) { client in
      _ = try await client.next()
      try await client.send(#"{"type":"hello"}"#)
      let opening = try await client.turn().map(json)
      let hello = try #require(opening.first { $0["type"] as? String == "hello" })
      var asked = ""
      for line in before {
        try await client.send(#"{"type":"answer","text":"\#(line)"}"#)
        let turn = try await client.turn().map(json)
        asked = turn.last?["text"] as? String ?? ""
      }
      return (
        try #require(hello["session"] as? String), try #require(hello["resume_token"] as? String), asked
      )
    }
  }

  /// Resumes on a new connection and answers the rest; returns every message after the resume hello.
  static func resumeAndFinish(port: Int, session: String, token: String) async throws -> [[String: Any]] {
    try await LineClient.withConnection(port: port) { client in
      _ = try await client.next()
      try await client.send(#"{"type":"hello","resume":"\#(session)","token":"\#(token)"}"#)
      // The server may not yet have seen the old connection go: a kiosk tries again shortly.
      var first = json(try await client.next() ?? "")
      while first["code"] as? String == "session_in_use" {
        try await Task.sleep(for: .milliseconds(50))
        try await client.send(#"{"type":"hello","resume":"\#(session)","token":"\#(token)"}"#)
        first = json(try await client.next() ?? "")
      }
      var messages = [first] + (try await client.turn().map(json))
      for line in after {
        try await client.send(#"{"type":"answer","text":"\#(line)"}"#)
        messages += try await client.turn().map(json)
      }
      return messages + (try await client.rest().map(json))
    }
  }

  @Test(
    "a kiosk that reconnects with its token is asked the same question again and finishes in one transcript and chain"
  )
  func resumeAfterDrop() async throws {
    let server = try await TestServer.start()
    defer { server.removeTranscripts() }
    let (session, token, question) = try await Self.beginAndDrop(port: server.port)
    while server.openConnections > 0 { try await Task.sleep(for: .milliseconds(20)) }
    #expect(token.count == 32 && !token.contains(session), "a secret, not the session id")
    let messages = try await Self.resumeAndFinish(port: server.port, session: session, token: token)
    let hello = try #require(messages.first)
    #expect(hello["type"] as? String == "hello" && hello["session"] as? String == session)
    let asked = messages.dropFirst().first
    #expect(
      asked?["type"] as? String == "ask" && asked?["text"] as? String == question && !question.isEmpty,
      "the question that stood is asked again, and nothing else first")
    #expect(
      messages.contains { $0["type"] as? String == "result" && $0["disposition"] as? String == "urgent" })
    try await server.stop()
    let transcripts = try server.transcriptRecords()
    #expect(transcripts.count == 1, "one transcript for the whole conversation")
    let records = try #require(transcripts.first)
    #expect(records.filter { $0["type"] as? String == "resume" }.count == 1)
    #expect(records.last?["disposition"] as? String == "urgent")
    #expect(records.first?["resume_sha256"] as? String != nil && !"\(records)".contains(token))
    let archive = TranscriptArchive(root: server.transcripts)
    let transcript = try Transcript.read(path: try #require(archive.sessionPaths().first))
    #expect(archive.verify(transcript).isEmpty, "one unbroken hash chain, indexed at its end")
  }

  @Test(
    "a resumption is refused alike for a wrong token and an unknown session; the client may then begin anew")
  func refusedResumption() async throws {
    let server = try await TestServer.start()
    defer { server.removeTranscripts() }
    let (session, token, _) = try await Self.beginAndDrop(port: server.port)
    while server.openConnections > 0 { try await Task.sleep(for: .milliseconds(20)) }
    let wrong = String(token.reversed())
    for (asked, key) in [(session, wrong), ("20260101T000000Z-0000000000000000", token)] {
      try await LineClient.withConnection(port: server.port) { client in
        _ = try await client.next()
        try await client.send(#"{"type":"hello","resume":"\#(asked)","token":"\#(key)"}"#)
        let refusal = json(try #require(try await client.next()))
        #expect(refusal["type"] as? String == "error" && refusal["code"] as? String == "resume_refused")
        // Nothing begins until the client asks: here, a new conversation.
        try await client.send(#"{"type":"hello"}"#)
        let hello = try #require(try await client.turn().map(json).first { $0["type"] as? String == "hello" })
        #expect(hello["session"] as? String != session, "a new conversation, not the one asked for")
      }
    }
    // The refusals took nothing from it: the right token still resumes.
    let messages = try await Self.resumeAndFinish(port: server.port, session: session, token: token)
    #expect(messages.first?["session"] as? String == session)
    try await server.stop()
  }

  @Test("a second connection cannot resume a conversation another connection is driving")
  func heldSessionRefused() async throws {
    let server = try await TestServer.start()
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { first in
      _ = try await first.next()
      try await first.send(#"{"type":"hello"}"#)
      let hello = try #require(try await first.turn().map(json).first { $0["type"] as? String == "hello" })
      let session = try #require(hello["session"] as? String)
      let token = try #require(hello["resume_token"] as? String)
      try await LineClient.withConnection(port: server.port) { second in
        _ = try await second.next()
        try await second.send(#"{"type":"hello","resume":"\#(session)","token":"\#(token)"}"#)
        #expect(json(try #require(try await second.next()))["code"] as? String == "session_in_use")
      }
      try await first.send(#"{"type":"answer","text":"I can't breathe"}"#)
      let answer = try await first.turn().map(json)
      #expect(
        answer.contains { $0["disposition"] as? String == "emergency" }, "the first goes on undisturbed")
    }
    try await server.stop()
  }

  @Test("after the resume window a dropped conversation is ended as abandoned and can no longer be resumed")
  func expiredResumption() async throws {
    let server = try await TestServer.start { $0.resumeWindow = .seconds(1) }
    defer { server.removeTranscripts() }
    let (session, token, _) = try await Self.beginAndDrop(port: server.port)
    while server.openConnections > 0 { try await Task.sleep(for: .milliseconds(20)) }
    var ended = false
    while !ended {
      try await Task.sleep(for: .milliseconds(200))
      ended = try server.transcriptRecords().first?.last?["type"] as? String == "end"
    }
    #expect(try server.transcriptRecords().first?.last?["ending"] as? String == "abandoned")
    try await LineClient.withConnection(port: server.port) { client in
      _ = try await client.next()
      try await client.send(#"{"type":"hello","resume":"\#(session)","token":"\#(token)"}"#)
      #expect(json(try #require(try await client.next()))["code"] as? String == "resume_refused")
    }
    try await server.stop()
  }

  @Test("text mode shows the resume code, and typing it on a new connection goes on where it was")
  func textModeResume() async throws {
    let server = try await TestServer.start()
    defer { server.removeTranscripts() }
    let code = try await LineClient.withConnection(port: server.port) { client in
      _ = try await client.next()
      try await client.send("")
      let opening = try await client.turn()
      try await client.send(Self.before[0])
      _ = try await client.turn()
      let line = try #require(opening.first { $0.contains("RESUME ") })
      return String(line[try #require(line.range(of: "RESUME ")).lowerBound...])
    }
    while server.openConnections > 0 { try await Task.sleep(for: .milliseconds(20)) }
    try await LineClient.withConnection(port: server.port) { client in
      _ = try await client.next()
      try await client.send(code)
      let turn = try await client.turn()
      #expect(turn.last == "> ")
      for line in Self.before.dropFirst() + Self.after {
        try await client.send(line)
        _ = try await client.turn()
      }
      #expect(client.received.joined(separator: "\n").contains("*** "))
    }
    try await server.stop()
    let records = try #require(try server.transcriptRecords().first)
    #expect(records.last?["disposition"] as? String == "urgent")
  }

  @Test(
    "another server on the same store resumes from the transcript alone; the first, stopping, leaves it be")
  func resumeOnAnotherServer() async throws {
    let first = try await TestServer.start()
    defer { first.removeTranscripts() }
    let second = try await TestServer.start { $0.transcripts = first.transcripts }
    let (session, token, _) = try await Self.beginAndDrop(port: first.port)
    // Files are one server's store: the first must have let the conversation go before another takes it.
    while first.openConnections > 0 { try await Task.sleep(for: .milliseconds(20)) }
    try await LineClient.withConnection(port: second.port) { client in
      _ = try await client.next()
      try await client.send(#"{"type":"hello","resume":"\#(session)","token":"\#(token)"}"#)
      _ = try await client.turn()
      // The first server ends what dropped from it, unless it was resumed since: this was, and goes on.
      try await first.stop()
      for line in Self.after {
        try await client.send(#"{"type":"answer","text":"\#(line)"}"#)
        _ = try await client.turn()
      }
      #expect(client.received.map(json).contains { $0["disposition"] as? String == "urgent" })
    }
    try await second.stop()
    let records = try #require(try first.transcriptRecords().first)
    #expect(records.filter { $0["type"] as? String == "end" }.count == 1)
    #expect(records.last?["ending"] as? String == "completed")
  }
}
