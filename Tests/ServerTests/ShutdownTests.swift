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

  @Test(
    "a connection that arrives while the server stops admitting is told it is busy, with the emergency number"
  )
  func arrivalWhileStoppingIsToldBusy() async throws {
    let server = try await TestServer.start()
    defer { server.removeTranscripts() }
    // What a graceful shutdown does first; the listener is still open, as it is until the shutdown closes it.
    _ = server.beginShutdown()
    let reply = try await LineClient.withConnection(port: server.port) { client in try await client.rest() }
    #expect(reply.count == 1, "one line, then the connection is closed: \(reply)")
    #expect(reply.first?.hasPrefix("BUSY -- crscheck is busy") == true)
    #expect(reply.first?.contains("call 911") == true)
    #expect(server.openConnections == 0, "the refused connection was never counted")
    try await server.stop()
  }

  @Test("once the server has stopped, a connection is refused outright, not left hanging")
  func connectionAfterStopIsRefused() async throws {
    // An address of its own in 127/8: once this server lets its port go, a server another test starts on
    // 127.0.0.1 may take the same port number, and would answer (CI saw a reset from one).
    let host = "127.\(UInt8.random(in: 1...254)).\(UInt8.random(in: 1...254)).\(UInt8.random(in: 1...254))"
    let server = try await TestServer.start { $0.host = host }
    defer { server.removeTranscripts() }
    try await server.stop()
    let error = await #expect(throws: (any Error).self) {
      try await LineClient.withConnection(host: host, port: server.port) { client in
        _ = try await client.rest()
      }
    }
    #expect("\(String(describing: error))".lowercased().contains("refused"), "\(String(describing: error))")
  }
}
