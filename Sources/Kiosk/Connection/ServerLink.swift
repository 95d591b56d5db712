import Logging
import NIOCore
import NIOPosix
import NIOSSL

#if canImport(Glibc)
  import Glibc
#endif

/// The kiosk's connection to its servers, kept up for as long as the kiosk runs: it connects (over TLS
/// when configured), says hello with the kiosk's identity, or resumes the conversation in progress with
/// its token, and passes on every message. When a connection ends it tries again, the next address in
/// the list after a failure, with a growing pause. It logs addresses, session ids and error codes, never
/// a word of the conversation.
public struct ServerLink: Sendable {
  public var endpoints: [Endpoint]
  public var tls: NIOSSLContext?
  public var identity: KioskIdentity
  public var logger: Logger
  /// How long a first line (and the TLS handshake before it) may take.
  public var handshakeTimeout: Duration = .seconds(10)
  /// The pause after the server refused this kiosk: staff may be fixing its token file.
  public var refusedPause: Duration = .seconds(15)
  /// How long a connection must have lasted for its end to start the pauses afresh: a server that says
  /// hello and closes at once is not hammered.
  public var steady: Duration = .seconds(5)
  /// How many times a conversation still held by a dying connection is asked for (a second apart)
  /// before a new one begins.
  public var inUseTries = 10
  /// The language each conversation begins in (`--language`); nil for the dialog's first, with the
  /// others offered.
  public var language: String?
  /// The conversation in progress, which the kiosk may let go of.
  public let ticket = ResumeTicket()

  public init(endpoints: [Endpoint], tls: NIOSSLContext?, identity: KioskIdentity, logger: Logger) {
    self.endpoints = endpoints
    self.tls = tls
    self.identity = identity
    self.logger = logger
  }

  private enum Ending: Error {
    case closed
    case refused
    case inUse
    case notCRSCheck
  }

  /// Runs until cancelled, reporting to `report`.
  public func run(_ report: @escaping @Sendable (LinkEvent) -> Void) async {
    var backoff = Backoff(addresses: endpoints.count)
    var inUse = 0
    while !Task.isCancelled {
      let endpoint = endpoints[backoff.index]
      var pause: Duration
      do {
        let greeted = try await converse(with: endpoint, report: report)
        if let greeted, ContinuousClock.now - greeted >= steady { backoff.succeeded() }
        inUse = 0
        pause = backoff.failed()
      } catch Ending.refused {
        pause = refusedPause
      } catch Ending.inUse {
        inUse += 1
        if inUse >= inUseTries {
          logger.notice(
            "conversation still held elsewhere; beginning a new one", metadata: ["server": "\(endpoint)"])
          ticket.letGo()
          inUse = 0
          report(.resumeRefused)
        }
        pause = .seconds(1)
      } catch {
        logger.warning("connection failed", metadata: ["server": "\(endpoint)", "error": "\(error)"])
        pause = backoff.failed()
      }
      report(.lost)
      if pause > .zero { try? await Task.sleep(for: pause) }
    }
  }

  /// One connection, until it ends; returns when it was greeted (nil if never).
  private func converse(
    with endpoint: Endpoint, report: @escaping @Sendable (LinkEvent) -> Void
  ) async throws -> ContinuousClock.Instant? {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .connectTimeout(.seconds(3))
      .channelOption(.socketOption(.tcp_nodelay), value: 1)
      .channelOption(.socketOption(.so_keepalive), value: 1)
      // A server that vanished (its machine off, a cable pulled) is noticed within seconds of the next
      // answer, not after the kernel's retries of many minutes.
      .channelOption(
        ChannelOptions.Types.SocketOption(level: .tcp, name: .init(rawValue: TCP_USER_TIMEOUT)), value: 10_000
      )
      .connect(host: endpoint.host, port: endpoint.port) { [tls] channel in
        channel.eventLoop.makeCompletedFuture {
          if let tls {
            let name =
              endpoint.host.contains(":") || endpoint.host.allSatisfy({ $0.isNumber || $0 == "." })
              ? nil : endpoint.host
            try channel.pipeline.syncOperations.addHandler(
              NIOSSLClientHandler(context: tls, serverHostname: name))
          }
          return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
        }
      }
    // A server that accepts but never speaks (or a TLS handshake that stalls) is given up on.
    let deadline = channel.channel.eventLoop.scheduleTask(in: .init(handshakeTimeout)) {
      channel.channel.close(promise: nil)
    }
    return try await channel.executeThenClose { inbound, outbound in
      var lines = inbound.splitLines(omittingEmptySubsequences: true, maximumBufferSize: 1 << 20)
        .makeAsyncIterator()
      let outbox = Outbox(writer: outbound)
      guard let banner = try await lines.next().map({ String(buffer: $0) }), banner.hasPrefix("CRSCHECK/1")
      else { throw Ending.notCRSCheck }
      let resuming = ticket.current
      if let resuming {
        await outbox.send(.resume(session: resuming.session, token: resuming.token))
      } else {
        await outbox.send(try hello(banner: banner))
      }
      var greeted: ContinuousClock.Instant?
      /// A conversation let go of while it was being resumed: ended, and nothing of it passed on.
      var stale: String?
      while let buffer = try await nextLine(&lines, greeted: greeted, endpoint: endpoint) {
        let line = String(buffer: buffer)
        guard let message = ServerMessage(line: line) else {
          logger.warning("unreadable line from the server", metadata: ["server": "\(endpoint)"])
          continue
        }
        switch message {
        case .error("unauthorized", _):
          logger.error(
            "the server refused this kiosk's id or token",
            metadata: ["server": "\(endpoint)", "kiosk": "\(identity.kioskID ?? "none")"])
          report(.refused)
          throw Ending.refused
        case .error("resume_refused", _):
          logger.notice("resume refused; starting a new conversation", metadata: ["server": "\(endpoint)"])
          ticket.letGo()
          report(.resumeRefused)
          await outbox.send(try hello(banner: banner))
          continue
        case .error("session_in_use", _):
          logger.notice(
            "conversation still held by another connection; trying again", metadata: ["server": "\(endpoint)"]
          )
          throw Ending.inUse
        case .error(let code, _):
          logger.notice("server error", metadata: ["server": "\(endpoint)", "code": "\(code)"])
        case .hello(let hello) where ticket.isAbandoned(hello.session):
          // The patient left while the kiosk was reconnecting: that conversation ends here, and the
          // server (in kiosk mode) begins the next, or closes and the kiosk says hello afresh.
          logger.info("abandoned conversation ended on resuming", metadata: ["session": "\(hello.session)"])
          stale = hello.session
          await outbox.send(.command("quit"))
          if greeted == nil {
            greeted = .now
            deadline.cancel()
            report(.connected(outbox, resumed: false))
          }
          continue
        case .hello(let hello):
          stale = nil
          if greeted == nil {
            greeted = .now
            deadline.cancel()
            let resumed = resuming?.session == hello.session
            logger.info(
              resumed ? "conversation resumed" : "connected",
              metadata: ["server": "\(endpoint)", "session": "\(hello.session)"])
            report(.connected(outbox, resumed: resumed))
          }
          if let token = hello.resumeToken {
            ticket.hold(ResumeTicket.Held(session: hello.session, token: token))
          } else {
            ticket.letGo()
          }
        case .result(let advice) where advice.final:
          ticket.letGo()
        case .reset:
          ticket.letGo()
        case .bye(let reason):
          logger.info("conversation ended", metadata: ["server": "\(endpoint)", "reason": "\(reason)"])
          if reason != "restart" { ticket.letGo() }
        default:
          break
        }
        if stale == nil { report(.message(message)) }
      }
      logger.notice("connection closed", metadata: ["server": "\(endpoint)"])
      return greeted
    }
  }

  /// The next line; once the server has greeted, a connection that fails ends like one that closes (its
  /// end is logged, and it counts as a steady connection if it lasted).
  private func nextLine(
    _ lines:
      inout NIODecodedAsyncSequence<NIOAsyncChannelInboundStream<ByteBuffer>, NIOSplitLinesMessageDecoder>
      .AsyncIterator, greeted: ContinuousClock.Instant?, endpoint: Endpoint
  ) async throws -> ByteBuffer? {
    do {
      return try await lines.next()
    } catch  where greeted != nil {
      logger.notice("connection failed", metadata: ["server": "\(endpoint)", "error": "\(error)"])
      return nil
    }
  }

  /// The first JSON line of a new conversation: with the kiosk's identity when the server asks for one.
  private func hello(banner: String) throws -> ClientMessage {
    guard banner.split(separator: " ").contains("auth=token") else {
      return .hello(kiosk: nil, token: nil, language: language)
    }
    guard let kiosk = identity.kioskID, let token = try identity.token() else {
      logger.error("the server requires a kiosk token; give --kiosk-id and --token-file")
      throw Ending.refused
    }
    return .hello(kiosk: kiosk, token: token, language: language)
  }
}
