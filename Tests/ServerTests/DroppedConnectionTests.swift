import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Connections that vanish mid-line, as flaky kiosk networks and port scanners leave them.
@Suite("crscheck serve: dropped connections", .timeLimit(.minutes(2)))
struct DroppedConnectionTests {
  /// Half lines: a JSON hello, a patient's words, half a UTF-8 character, and an answer cut off after a
  /// whole hello, when a conversation and its transcript are open.
  static let halfLines: [[UInt8]] = [
    Array(#"{"type":"hel"#.utf8), Array("I have a fev".utf8), Array("my lips are ".utf8) + [0xE2, 0x80],
    Array((#"{"type":"hello"}"# + "\n" + #"{"type":"answer","text":"I can"#).utf8),
  ]

  @Test(
    "1,000 connections dropped mid-line, by close or by reset, leave the server healthy and its count at zero"
  )
  func thousandDroppedMidLine() async throws {
    let server = try await TestServer.start { $0.maxConnectionsPerAddress = 2_000 }
    defer { server.removeTranscripts() }
    for index in 0..<1_000 {
      try Self.dropMidLine(
        port: server.port, bytes: Self.halfLines[index % Self.halfLines.count], reset: index % 2 == 1)
    }
    while server.openConnections > 0 { try await Task.sleep(for: .milliseconds(20)) }
    let advice = try await LineClient.consult(port: server.port, saying: "I can't breathe")
    #expect(advice.contains { $0["disposition"] as? String == "emergency" }, "a fresh conversation works")
    try await server.stop()
    let transcripts = try server.transcriptRecords()
    // A half JSON hello closed (FIN) is still a first line, so it starts a conversation: 250 of them, and the
    // consultation after. The resets may or may not have been read before they struck.
    #expect(transcripts.count >= 251, "the conversations that surely began were saved: \(transcripts.count)")
    #expect(transcripts.allSatisfy { $0.last?["type"] as? String == "end" }, "every transcript was closed")
  }

  /// Connects, sends part of a line and drops the connection: a close (FIN) after reading the hello, or a
  /// reset (RST, through SO_LINGER 0) at once.
  static func dropMidLine(port: Int, bytes: [UInt8], reset: Bool) throws {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    if reset {
      var abort = linger(l_onoff: 1, l_linger: 0)
      setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &abort, socklen_t(MemoryLayout<linger>.size))
    } else {
      // Unread input would turn the close into a reset; read the hello line first.
      var byte: UInt8 = 0
      while recv(descriptor, &byte, 1, 0) == 1, byte != 0x0A {}
    }
    _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
  }
}
