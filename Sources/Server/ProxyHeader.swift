import NIOCore

/// The PROXY protocol header a load balancer (HAProxy's `send-proxy-v2`, or `send-proxy` for v1) puts before
/// a client's bytes, naming the client it came from: haproxy.org/download/2.6/doc/proxy-protocol.txt.
/// Parsed as a value, so the rules are tested without a socket.
struct ProxyHeader: Sendable, Equatable {
  /// The client's address, or nil when the proxy speaks for itself (v2 `LOCAL`, its health checks) or does
  /// not know (v1 `UNKNOWN`, a family other than TCP over IPv4 or IPv6).
  var source: String?

  enum Parse: Equatable {
    /// More bytes are needed.
    case incomplete
    /// Not a valid header, with why.
    case invalid(String)
    /// A header, and how many bytes it took.
    case header(ProxyHeader, length: Int)
  }

  static let v2Signature: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A]
  static let v1Prefix = Array("PROXY ".utf8)
  /// A v1 header's longest form, its CRLF included.
  static let v1MaxLength = 107
  /// The most a v2 header may carry after its 16 fixed bytes; more is refused, not buffered.
  static let v2MaxPayload = 1_024

  /// Whether `bytes` (the first a connection sent) could be the start of a header, as far as they go.
  static func mayBeHeader(_ bytes: some Collection<UInt8>) -> Bool {
    isPrefix(bytes, of: v2Signature) || isPrefix(bytes, of: v1Prefix)
  }

  static func parse(_ bytes: some Collection<UInt8>) -> Parse {
    let bytes = Array(bytes.prefix(16 + v2MaxPayload))
    if isPrefix(bytes, of: v2Signature) {
      return bytes.count < 16 ? .incomplete : parseV2(bytes)
    }
    if isPrefix(bytes, of: v1Prefix) {
      return bytes.count < v1Prefix.count ? .incomplete : parseV1(bytes)
    }
    return .invalid("no PROXY protocol header")
  }

  /// `sig(12) ver_cmd(1) fam(1) len(2) addresses(len)`.
  private static func parseV2(_ bytes: [UInt8]) -> Parse {
    let versionCommand = bytes[12]
    let family = bytes[13]
    let length = Int(bytes[14]) << 8 | Int(bytes[15])
    guard versionCommand >> 4 == 2 else { return .invalid("PROXY v2 header of an unknown version") }
    guard versionCommand & 0x0F <= 1 else { return .invalid("PROXY v2 header with an unknown command") }
    guard length <= v2MaxPayload else { return .invalid("PROXY v2 header too long") }
    guard bytes.count >= 16 + length else { return .incomplete }
    let payload = bytes[16..<(16 + length)]
    // LOCAL: the proxy speaks for itself.
    guard versionCommand & 0x0F == 1 else { return .header(ProxyHeader(source: nil), length: 16 + length) }
    let source: String?
    switch family {
    case 0x11 where length >= 12:
      source = address(payload.prefix(4))
    case 0x21 where length >= 36:
      source = address(payload.prefix(16))
    case 0x11, 0x21:
      return .invalid("PROXY v2 header shorter than its addresses")
    default:
      source = nil
    }
    return .header(ProxyHeader(source: source), length: 16 + length)
  }

  /// `PROXY TCP4|TCP6|UNKNOWN src dst sport dport\r\n`.
  private static func parseV1(_ bytes: [UInt8]) -> Parse {
    let window = bytes.prefix(v1MaxLength)
    guard let newline = window.firstIndex(of: 0x0A) else {
      return bytes.count >= v1MaxLength ? .invalid("PROXY v1 header without its end") : .incomplete
    }
    guard newline > 0, window[newline - 1] == 0x0D else {
      return .invalid("PROXY v1 header not ended by CRLF")
    }
    let words = String(decoding: window[..<(newline - 1)], as: UTF8.self).split(separator: " ").map(
      String.init)
    let length = newline + 1
    switch words.dropFirst().first {
    case "UNKNOWN":
      return .header(ProxyHeader(source: nil), length: length)
    case "TCP4", "TCP6":
      guard words.count == 6, let address = try? SocketAddress(ipAddress: words[2], port: 0),
        (words[1] == "TCP4") == (address.protocol == .inet), let _ = UInt16(words[4]),
        let _ = UInt16(words[5])
      else { return .invalid("PROXY v1 header with bad addresses") }
      return .header(ProxyHeader(source: address.ipAddress), length: length)
    default:
      return .invalid("PROXY v1 header of an unknown protocol")
    }
  }

  /// An address from its 4 or 16 bytes in network order.
  private static func address(_ bytes: some Collection<UInt8>) -> String? {
    (try? SocketAddress(packedIPAddress: ByteBuffer(bytes: bytes), port: 0))?.ipAddress
  }

  private static func isPrefix(_ bytes: some Collection<UInt8>, of signature: [UInt8]) -> Bool {
    zip(bytes, signature).allSatisfy { $0 == $1 }
  }
}
