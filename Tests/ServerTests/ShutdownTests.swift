import Foundation
import Testing

/// Graceful shutdown with conversations open.
@Suite("crscheck serve: shutdown", .timeLimit(.minutes(2)))
struct ShutdownTests {
  @Test(
    "shutdown tells every connected patient where to get help and closes every transcript as ended by shutdown"
  )
  func shutdownWithOpenSessions() async throws {
    let server = try await TestServer.start()
    defer { server.removeTranscripts() }
    try await withThrowingTaskGroup(of: String.self) { group in
      let (ready, readyContinuation) = AsyncStream.makeStream(of: Void.self)
      for index in 0..<6 {
        group.addTask {
          try await LineClient.withConnection(port: server.port) { client in
            _ = try await client.next()
            if index.isMultiple(of: 2) {
              try await client.send(#"{"type":"hello"}"#)
              _ = try await client.turn()
              try await client.send(#"{"type":"answer","text":"I have a headache"}"#)
            } else {
              try await client.send("I have a headache")
              _ = try await client.turn()
            }
            _ = try await client.turn()
            readyContinuation.yield()
            return try await client.rest().joined(separator: "\n")
          }
        }
      }
      var count = 0
      for await _ in ready {
        count += 1
        if count == 6 { break }
      }
      try await server.stop()
      for try await farewell in group {
        #expect(farewell.contains("crscheck is restarting"))
        #expect(farewell.contains("call 911"))
      }
    }
    let transcripts = try server.transcriptRecords()
    #expect(transcripts.count == 6)
    for records in transcripts {
      #expect(records.last?["type"] as? String == "end")
      #expect(records.last?["ending"] as? String == "shutdown")
      #expect(records.contains { $0["type"] as? String == "patient" }, "what the patient said was kept")
    }
  }

  @Test("a connection arriving during shutdown is refused politely")
  func noNewConversationsWhileStopping() async throws {
    let server = try await TestServer.start()
    defer { server.removeTranscripts() }
    try await server.stop()
    await #expect(throws: (any Error).self) {
      try await LineClient.withConnection(port: server.port) { client in
        _ = try await client.rest()
      }
    }
  }
}
