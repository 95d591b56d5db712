import Testing

@testable import Server

/// The PROXY protocol header as HAProxy 2.6 sends it (bytes captured from `send-proxy-v2` and `send-proxy`).
@Suite("PROXY protocol header")
struct ProxyHeaderTests {
  static func bytes(_ hex: String) -> [UInt8] {
    let digits = Array(hex.filter { !$0.isWhitespace })
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
  }

  static let v2TCP4 = bytes("0d0a0d0a000d0a515549540a 21 11 000c cb007109 7f000001 a2a2 4268")
  static let v2TCP6 = bytes(
    "0d0a0d0a000d0a515549540a 21 21 0024 20010db8000000000000000000000007 00000000000000000000000000000001 b02c 4268"
  )
  static let v2Local = bytes("0d0a0d0a000d0a515549540a 20 00 0000")
  static let v1TCP4 = Array("PROXY TCP4 198.51.100.4 127.0.0.1 54072 17000\r\n".utf8)

  @Test("a v2 header names the client, IPv4 or IPv6, and says how long it was")
  func version2() {
    #expect(ProxyHeader.parse(Self.v2TCP4) == .header(ProxyHeader(source: "203.0.113.9"), length: 28))
    #expect(ProxyHeader.parse(Self.v2TCP6) == .header(ProxyHeader(source: "2001:db8::7"), length: 52))
  }

  @Test("a v2 LOCAL header (the proxy's health check) names no client")
  func local() {
    #expect(ProxyHeader.parse(Self.v2Local) == .header(ProxyHeader(source: nil), length: 16))
  }

  @Test("a v1 header names the client; UNKNOWN names none")
  func version1() {
    #expect(
      ProxyHeader.parse(Self.v1TCP4 + Array("hello\n".utf8))
        == .header(ProxyHeader(source: "198.51.100.4"), length: Self.v1TCP4.count))
    #expect(
      ProxyHeader.parse(Array("PROXY UNKNOWN\r\n".utf8)) == .header(ProxyHeader(source: nil), length: 15))
  }

  @Test("a header cut anywhere is incomplete, never wrong")
  func incomplete() {
    for header in [Self.v2TCP4, Self.v2TCP6, Self.v2Local, Self.v1TCP4] {
      for cut in 1..<header.count {
        #expect(ProxyHeader.parse(header.prefix(cut)) == .incomplete, "cut at \(cut)")
        #expect(ProxyHeader.mayBeHeader(header.prefix(cut)))
      }
    }
  }

  @Test("malformed headers and other first lines are refused")
  func invalid() {
    let refused: [[UInt8]] = [
      Array("PROXY TCP4 198.51.100.4 127.0.0.1 54072 17000\n".utf8),  // no CR
      Array("PROXY TCP4 nonsense 127.0.0.1 1 2\r\n".utf8),
      Array("PROXY TCP4 ::1 ::1 1 2\r\n".utf8),  // v6 addresses said to be v4
      Array(("PROXY " + String(repeating: "x", count: 120)).utf8),
      Self.bytes("0d0a0d0a000d0a515549540a 22 11 000c"),  // unknown command
      Self.bytes("0d0a0d0a000d0a515549540a 21 11 0004 7f000001"),  // shorter than its addresses
      Self.bytes("0d0a0d0a000d0a515549540a 21 11 ffff"),  // longer than anything a proxy sends
      Array("I can't breathe\n".utf8),
    ]
    for bytes in refused {
      guard case .invalid = ProxyHeader.parse(bytes) else {
        Issue.record("accepted: \(bytes)")
        continue
      }
    }
    #expect(!ProxyHeader.mayBeHeader(Array("I can't breathe".utf8)))
    #expect(!ProxyHeader.mayBeHeader(Array(#"{"type":"hello"}"#.utf8)))
  }
}
