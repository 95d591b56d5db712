import DialogEngine
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import TranscriptStore

/// `crscheck serve`: accepts connections and runs one `Connection` each, within the limits of its
/// configuration. A ServiceLifecycle service: on graceful shutdown it stops accepting, tells every
/// connected patient, and returns once every transcript is closed.
public struct CRSServer: Service {
  private let configuration: ServerConfiguration
  private let engine: Engine
  private let logger: Logger
  /// Internal, not private, so tests can watch connections come and go.
  let registry: ConnectionRegistry
  private let sink: any TranscriptSink
  private let beforeListening: @Sendable () async throws -> Void
  private let expiry: ResumeExpiry
  private let refusals: RefusalLog
  private let onListening: @Sendable (Int) -> Void
  /// The address `host` resolved to, checked and then bound: what is judged is what listens.
  private let address: SocketAddress
  /// Made at start, so a certificate that cannot serve stops `serve` before it listens.
  private let tls: NIOSSLContext?
  /// Said to a connection over the limits, in every language the dialog has, as no one has chosen yet:
  /// made once, not for each refusal of a flood.
  private let busyLine: String

  /// `onListening` is told the port once the server listens (useful with port 0).
  public init(
    configuration: ServerConfiguration, dialog: Dialog, logger: Logger,
    onListening: @escaping @Sendable (Int) -> Void = { _ in }
  ) throws(ServerError) {
    try self.init(
      configuration: configuration, engine: Engine(dialog: dialog), logger: logger,
      transcripts: TranscriptStore(root: configuration.transcripts, policy: configuration.syncPolicy),
      onListening: onListening)
  }

  /// With an engine and a store made elsewhere: fault tests give a store whose fsync fails, and tests
  /// share one engine, whose understanding takes far longer to build than a test's conversations.
  package init(
    configuration: ServerConfiguration, engine: Engine, logger: Logger, transcripts store: TranscriptStore,
    onListening: @escaping @Sendable (Int) -> Void = { _ in }
  ) throws(ServerError) {
    try self.init(
      configuration: configuration, engine: engine, logger: logger, sink: FileTranscriptSink(store: store),
      onListening: onListening)
  }

  /// With any store: `beforeListening` runs first and may refuse to serve (a database whose schema this
  /// build does not know).
  public init(
    configuration: ServerConfiguration, engine: Engine, logger: Logger, sink: any TranscriptSink,
    beforeListening: @escaping @Sendable () async throws -> Void = {},
    onListening: @escaping @Sendable (Int) -> Void = { _ in }
  ) throws(ServerError) {
    do {
      address = try SocketAddress.makeAddressResolvingHost(configuration.host, port: configuration.port)
    } catch {
      throw ServerError("cannot resolve the host \(configuration.host) to listen on: \(error)")
    }
    if !ServerConfiguration.isLoopback(address) && configuration.tls == nil
      && !configuration.allowsPlaintextOffLoopback
    {
      throw ServerError(
        "refusing to listen on \(configuration.host) (\(address.ipAddress ?? "\(address)")) without TLS: "
          + "conversations are health information. Give --tls-cert and --tls-key, or --insecure-plaintext on "
          + "a network you trust.")
    }
    do {
      tls = try configuration.tls.map { files throws in try Self.makeTLSContext(files, logger: logger) }
    } catch let error as ServerError {
      throw error
    } catch {
      throw ServerError("cannot use the TLS certificate or key: \(error)")
    }
    self.configuration = configuration
    self.engine = engine
    busyLine =
      "BUSY -- "
      + engine.languageCodes.map { engine.speaking($0).dialog.messages.notice(.busy) }.joined(
        separator: " / ")
      + "\n"
    self.logger = logger
    registry = ConnectionRegistry(
      maxTotal: configuration.maxConnections, maxPerAddress: configuration.maxConnectionsPerAddress)
    self.onListening = onListening
    self.sink = sink
    self.beforeListening = beforeListening
    expiry = ResumeExpiry(window: configuration.resumeWindow, sink: sink, engine: engine)
    refusals = RefusalLog(logger: logger)
  }

  public func run() async throws {
    try await beforeListening()
    let tls = self.tls
    let configuration = self.configuration
    let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.backlog, value: 256)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
      // A client that vanished (unplugged, powered off) never acknowledges what it was sent: after the
      // write deadline the kernel ends the connection, instead of retrying for a quarter of an hour.
      .childChannelOption(
        ChannelOptions.Types.SocketOption(level: .tcp, name: .init(rawValue: TCP_USER_TIMEOUT)),
        value: SocketOptionValue(
          clamping: TimeAmount(configuration.writeStallTimeout).nanoseconds / 1_000_000)
      )
      // A client may send its last line and close its side ("nc -N"); it is still answered.
      .childChannelOption(.allowRemoteHalfClosure, value: true)
      // Patients' lines are short: a connection's read buffer starts small (NIO's default keeps 2 KB for
      // each waiting patient) and grows, up to the line limit and beyond, only for a client that needs it.
      .childChannelOption(
        .recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 256, maximum: 65_536)
      )
      .bind(to: address) { [logger] channel in
        channel.eventLoop.makeCompletedFuture {
          let pipeline = channel.pipeline.syncOperations
          var origin: EventLoopFuture<ProxyHeaderReader.Origin>?
          if let proxies = configuration.trustedProxies {
            let peer = channel.remoteAddress?.ipAddress ?? "unknown"
            let promise = channel.eventLoop.makePromise(of: ProxyHeaderReader.Origin.self)
            try pipeline.addHandler(
              ProxyHeaderReader(
                peer: peer, trusted: proxies.contains(peer), origin: promise,
                timeout: TimeAmount(configuration.firstLineTimeout), logger: logger))
            origin = promise.futureResult
          }
          if let tls {
            try pipeline.addHandler(NIOSSLServerHandler(context: tls))
            try pipeline.addHandler(HandshakeTimeout(timeout: configuration.tlsHandshakeTimeout))
          }
          try pipeline.addHandler(WriteStallGuard(timeout: configuration.writeStallTimeout))
          try pipeline.addHandler(
            LineFramer(
              limit: configuration.maxLineLength, firstLineTimeout: configuration.firstLineTimeout,
              idleTimeout: configuration.kiosk ? configuration.kioskIdle : configuration.idleTimeout,
              lineTimeout: configuration.lineTimeout))
          return Accepted(
            channel: try NIOAsyncChannel<ClientInput, ByteBuffer>(wrappingChannelSynchronously: channel),
            origin: origin)
        }
      }
    let port = server.channel.localAddress?.port ?? configuration.port
    logger.info(
      "listening",
      metadata: [
        "host": "\(configuration.host)", "port": "\(port)", "tls": "\(tls != nil)",
        "kiosk": "\(configuration.kiosk)",
      ])
    onListening(port)
    let trimmer = Task { [registry] in
      await HeapTrimmer(interval: .seconds(10), openConnections: { registry.count }).run()
    }
    let expiring = Task { [expiry] in await expiry.run() }
    defer {
      trimmer.cancel()
      expiring.cancel()
    }
    try await withGracefulShutdownHandler {
      try await server.executeThenClose { connections in
        try await withThrowingDiscardingTaskGroup { group in
          for try await connection in connections {
            group.addTask { await serve(connection) }
          }
        }
      }
    } onGracefulShutdown: { [registry, logger] in
      let open = registry.beginShutdown()
      logger.notice("shutting down", metadata: ["connections": "\(open.count)"])
      server.channel.close(promise: nil)
      for channel in open {
        channel.pipeline.fireUserInboundEventTriggered(LineFramer.Shutdown())
      }
    }
    refusals.flush(reason: "limit reached")
    expiring.cancel()
    await expiry.endAll()
    await sink.shutDown()
    logger.info("stopped")
  }

  /// A connection as accepted: its channel, and, under the PROXY protocol, where it turns out to come from.
  private struct Accepted: Sendable {
    var channel: NIOAsyncChannel<ClientInput, ByteBuffer>
    var origin: EventLoopFuture<ProxyHeaderReader.Origin>?
  }

  /// One connection, from admission to close; its failure never reaches the others.
  private func serve(_ accepted: Accepted) async {
    let channel = accepted.channel
    var address = channel.channel.remoteAddress?.ipAddress ?? "unknown"
    if let origin = accepted.origin {
      // The header's reader has logged a refusal and closed the connection.
      guard let found = try? await origin.get() else {
        try? await channel.executeThenClose { _, _ in }
        return
      }
      switch found {
      case .client(let client): address = client
      case .proxy(let proxy): address = proxy
      }
    }
    guard registry.admit(channel.channel, address: address) else {
      // In every language the dialog has, as nobody has chosen one yet.
      refusals.refused(peer: address, reason: "limit reached")
      try? await channel.executeThenClose { _, outbound in
        try await outbound.write(ByteBuffer(string: busyLine))
      }
      return
    }
    defer { registry.release(channel.channel, address: address) }
    log("connection opened", peer: address)
    do {
      try await Connection(
        engine: engine, configuration: configuration, sink: sink, expiry: expiry, logger: logger,
        address: address, isShuttingDown: { [registry] in registry.isShuttingDown }
      ).run(channel)
      log("connection closed", peer: address)
    } catch {
      log("connection ended with an error", peer: address, error: error)
    }
  }

  /// Synchronous and never inlined: what an async function builds stays allocated in the connection's task
  /// for as long as it is open (see `Connection.judge`).
  @inline(never)
  private func log(_ message: Logger.Message, peer: String, error: (any Error)? = nil) {
    var metadata: Logger.Metadata = ["peer": "\(peer)"]
    if let error { metadata["error"] = "\(error)" }
    logger.info(message, metadata: metadata)
  }

  /// The TLS context of the certificate files. A certificate out of its validity period is refused, as
  /// every client would refuse it; one that expires within 30 days is warned about.
  private static func makeTLSContext(_ files: ServerConfiguration.TLSFiles, logger: Logger) throws
    -> NIOSSLContext
  {
    let chain = try NIOSSLCertificate.fromPEMFile(files.certificate)
    guard let leaf = chain.first else { throw ServerError("\(files.certificate) holds no certificate") }
    let now = time(nil)
    func date(_ seconds: time_t) -> String {
      Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(Date.ISO8601FormatStyle())
    }
    if leaf.notValidAfter < now {
      throw ServerError(
        "the TLS certificate \(files.certificate) expired on \(date(leaf.notValidAfter)); renew it before serving"
      )
    }
    if leaf.notValidBefore > now {
      throw ServerError(
        "the TLS certificate \(files.certificate) is not valid until \(date(leaf.notValidBefore)); check the clock"
      )
    }
    if leaf.notValidAfter < now + 30 * 86_400 {
      logger.warning(
        "the TLS certificate expires soon; renew it",
        metadata: ["certificate": "\(files.certificate)", "expires": "\(date(leaf.notValidAfter))"])
    }
    var tls = TLSConfiguration.makeServerConfiguration(
      certificateChain: chain.map { .certificate($0) },
      privateKey: .privateKey(try NIOSSLPrivateKey(file: files.key, format: .pem)))
    tls.minimumTLSVersion = .tlsv12
    if let clientCA = files.clientCA {
      tls.certificateVerification = .noHostnameVerification
      tls.trustRoots = .file(clientCA)
    }
    return try NIOSSLContext(configuration: tls)
  }
}
