import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
import TranscriptStore

/// The review desk as a web application over a transcript store: the services to run in the caller's
/// group, the web server first and the live feed after it, so that at shutdown the feed ends the pages'
/// streams before the web server waits for its connections to close.
public struct DeskServer: Sendable {
  public let services: [any Service]

  /// `onListening` is told the port once the desk accepts connections (the one picked, for port 0).
  public init(
    library: any TranscriptLibrary, configuration: DeskConfiguration, logger: Logger,
    onListening: @escaping @Sendable (Int) -> Void = { _ in }
  ) throws {
    let records = DeskRecords(library: library, bcryptCost: configuration.bcryptCost)
    // A page left open learns within half the idle limit (at most 15 s) that its login has ended.
    let feed = LiveFeed(
      records: records, interval: configuration.poll, heartbeat: min(.seconds(15), configuration.idle / 2),
      logger: logger)
    let sessions = MemoryPersistDriver()
    let router = Router(context: DeskContext.self)
    DeskRoutes(records: records, feed: feed, configuration: configuration, sessions: sessions).register(
      on: router)
    // Under TLS, HTTP/2 as well (by ALPN): every open page holds a live stream, and HTTP/1.1 allows a
    // browser only six connections to the desk, so a seventh tab would wait for ever.
    let server: HTTPServerBuilder =
      if let tls = configuration.tls {
        try .http2Upgrade(
          tlsConfiguration: .makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(tls.certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: tls.key, format: .pem))))
      } else {
        .http1()
      }
    let application = Application(
      router: router, server: server,
      configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
      services: [sessions],
      onServerRunning: { channel in onListening(channel.localAddress?.port ?? configuration.port) },
      logger: logger)
    services = [application, feed]
  }
}
