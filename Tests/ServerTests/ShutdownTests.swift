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
    // An address of its own in 127/8, so that no server of another test can be listening there.
    let host = "127.\(UInt8.random(in: 1...254)).\(UInt8.random(in: 1...254)).\(UInt8.random(in: 1...254))"
    let server = try await TestServer.start { $0.host = host }
    defer { server.removeTranscripts() }
    #expect(Self.isListening(host: host, port: server.port), "the probe sees a listening server")
    try await server.stop()
    // CI twice saw this connection accepted and then reset, as if the listening socket outlived `stop()`:
    // wait until the port can be bound again (the listener is gone), and say how long that took.
    let stopped = ContinuousClock.now
    while Self.isListening(host: host, port: server.port), ContinuousClock.now - stopped < .seconds(2) {
      try await Task.sleep(for: .milliseconds(10))
    }
    let released = ContinuousClock.now - stopped
    #expect(!Self.isListening(host: host, port: server.port), "the port was still held 2 s after stop()")
    let error = await #expect(throws: (any Error).self) {
      try await LineClient.withConnection(host: host, port: server.port) { client in
        _ = try await client.rest()
      }
    }
    #expect(
      "\(String(describing: error))".lowercased().contains("refused"),
      "\(String(describing: error)); the port was free \(released) after stop()")
  }

  /// Whether something still listens on `host:port`: a socket with SO_REUSEADDR cannot bind beside a
  /// listening one.
  static func isListening(host: String, port: Int) -> Bool {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var one: Int32 = 1
    setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr(host)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    return bound != 0 && errno == EADDRINUSE
  }
}
