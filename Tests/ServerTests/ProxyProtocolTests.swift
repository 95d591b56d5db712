import Foundation
import Testing

/// `serve --proxy-protocol --trusted-proxy`: the kiosk's real address from a trusted load balancer's header.
@Suite("crscheck serve: behind a proxy", .timeLimit(.minutes(2)))
struct ProxyProtocolTests {
  /// Sends `header` and a whole emergency conversation's first line in one write, as a proxy may deliver
  /// them; returns every line received.
  static func consult(port: Int, after header: [UInt8]) async throws -> [String] {
    try await LineClient.withConnection(port: port) { client in
      try await client.sendRaw(header + Array("{\"type\":\"answer\",\"text\":\"I can't breathe\"}\n".utf8))
      return try await client.rest()
    }
  }

  @Test("from a trusted proxy, a v2 or v1 header's client address is the one the transcript records")
  func trustedHeader() async throws {
    let server = try await TestServer.start { $0.trustedProxies = ["127.0.0.1"] }
    defer { server.removeTranscripts() }
    for header in [ProxyHeaderTests.v2TCP4, ProxyHeaderTests.v1TCP4] {
      let lines = try await Self.consult(port: server.port, after: header)
      #expect(lines.contains { $0.contains(#""disposition":"emergency""#) })
    }
    try await server.stop()
    let addresses = try server.transcriptRecords().compactMap { $0.first?["address"] as? String }
    #expect(Set(addresses) == ["203.0.113.9", "198.51.100.4"])
  }

  @Test("a proxy's health check (a LOCAL header, then a reset) starts no conversation")
  func healthCheck() async throws {
    let server = try await TestServer.start { $0.trustedProxies = ["127.0.0.1"] }
    defer { server.removeTranscripts() }
    let hello = try await LineClient.withConnection(port: server.port) { client in
      try await client.sendRaw(ProxyHeaderTests.v2Local)
      return try await client.next()
    }
    #expect(hello?.hasPrefix("CRSCHECK/1 ") == true, "a check that reads the hello finds the server alive")
    while server.openConnections > 0 { try await Task.sleep(for: .milliseconds(20)) }
    try await server.stop()
    #expect(try server.transcriptRecords().isEmpty)
  }

  @Test("a header from an address not trusted is refused: the connection closes and nothing is recorded")
  func untrustedHeader() async throws {
    let server = try await TestServer.start { $0.trustedProxies = ["192.0.2.1"] }
    defer { server.removeTranscripts() }
    let lines = try await Self.consult(port: server.port, after: ProxyHeaderTests.v2TCP4)
    #expect(
      lines.count <= 1 && !lines.joined().contains("emergency"), "only the hello, then the close: \(lines)")
    // A client there without a header is served, at its own address.
    let direct = try await Self.consult(port: server.port, after: [])
    #expect(direct.contains { $0.contains(#""disposition":"emergency""#) })
    try await server.stop()
    let addresses = try server.transcriptRecords().compactMap { $0.first?["address"] as? String }
    #expect(addresses == ["127.0.0.1"])
  }

  @Test("without --proxy-protocol a header is just a bad first line, and claims no address")
  func headerWithoutTheFlag() async throws {
    let server = try await TestServer.start()
    defer { server.removeTranscripts() }
    _ = try await Self.consult(port: server.port, after: ProxyHeaderTests.v1TCP4)
    try await server.stop()
    let transcripts = try server.transcriptRecords()
    #expect(!transcripts.isEmpty)
    #expect(transcripts.allSatisfy { $0.first?["address"] as? String == "127.0.0.1" })
  }
}
