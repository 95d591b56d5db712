import Foundation
import NIOCore
import TranscriptStore

/// Everything `crscheck serve` can be told, with the defaults docs/PROTOCOL.md documents.
public struct ServerConfiguration: Sendable {
  public var host = "127.0.0.1"
  public var port = 7000
  public var transcripts = "Transcripts"
  public var syncPolicy: SyncPolicy = .batch
  /// The longest line accepted, in bytes, without its newline.
  public var maxLineLength = 4096
  /// Overlong lines tolerated on one connection before it is closed.
  public var maxOversizedLines = 3
  /// Patient lines one conversation may take before it is ended, so no client can grow a transcript
  /// without bound.
  public var maxTurns = 300
  public var maxConnections = 10_000
  public var maxConnectionsPerAddress = 64
  public var idleTimeout: Duration = .seconds(600)
  public var firstLineTimeout: Duration = .seconds(30)
  /// How long one line may take to arrive once its first byte has, against a byte-a-minute trickle.
  public var lineTimeout: Duration = .seconds(60)
  /// How long output may stay unsent past the write buffer before a client that does not read is closed.
  public var writeStallTimeout: Duration = .seconds(10)
  public var kiosk = false
  public var kioskIdle: Duration = .seconds(180)
  public var kioskTokens: KioskTokens?
  /// How long a conversation whose connection dropped can be resumed with its token before it is ended as
  /// abandoned.
  public var resumeWindow: Duration = .seconds(600)
  /// With the PROXY protocol on (`--proxy-protocol`), the proxies trusted to send its header, by IP
  /// address; nil when it is off, and a PROXY header is just a bad first line.
  public var trustedProxies: Set<String>?
  public var tls: TLSFiles?
  public var tlsHandshakeTimeout: Duration = .seconds(10)
  /// Set by `--insecure-plaintext`: plaintext on a non-loopback address, for a network the operator trusts.
  public var allowsPlaintextOffLoopback = false

  /// PEM files for TLS; a client CA makes client certificates required.
  public struct TLSFiles: Sendable {
    public var certificate: String
    public var key: String
    public var clientCA: String?

    public init(certificate: String, key: String, clientCA: String? = nil) {
      self.certificate = certificate
      self.key = key
      self.clientCA = clientCA
    }
  }

  public init() {}

  /// Whether an address, once resolved, is loopback, where plaintext never leaves the machine. Judged
  /// on the numeric address to be bound, never on the name given: `127.example.org` may be anywhere.
  public static func isLoopback(_ address: SocketAddress) -> Bool {
    switch address {
    case .v4:
      return address.ipAddress?.hasPrefix("127.") == true
    case .v6:
      guard let text = address.ipAddress?.lowercased() else { return false }
      return text == "::1" || (text.hasPrefix("::ffff:127.") && !text.dropFirst(7).contains(":"))
    case .unixDomainSocket:
      return true
    }
  }
}
