import Logging
import NIOCore

/// First in a connection's pipeline under `--proxy-protocol`: reads the PROXY header from a trusted proxy
/// and tells where the client really is, then steps aside, passing on whatever followed the header in the
/// same read. A header from anyone else is refused (it would let a client claim any address); a connection
/// from elsewhere without one is served as it is.
final class ProxyHeaderReader: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = ByteBuffer
  typealias InboundOut = ByteBuffer

  /// Where a connection comes from, once its header (if any) is read.
  enum Origin: Sendable, Equatable {
    /// A client, by address: through the proxy, or connected directly.
    case client(String)
    /// The proxy itself (a v2 `LOCAL` header: its health check), at the proxy's address.
    case proxy(String)
  }

  struct Refused: Error, CustomStringConvertible {
    var description: String
  }

  private let peer: String
  private let trusted: Bool
  private let origin: EventLoopPromise<Origin>
  private let timeout: TimeAmount
  private let logger: Logger
  private var settled = false
  private var buffered: ByteBuffer?
  private var deadline: Scheduled<Void>?

  /// `timeout` bounds the wait for a trusted proxy's header.
  init(peer: String, trusted: Bool, origin: EventLoopPromise<Origin>, timeout: TimeAmount, logger: Logger) {
    self.peer = peer
    self.trusted = trusted
    self.origin = origin
    self.timeout = timeout
    self.logger = logger
  }

  func handlerAdded(context: ChannelHandlerContext) {
    guard trusted else { return settle(.success(.client(peer))) }
    let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
    deadline = context.eventLoop.scheduleTask(in: timeout) {
      let (reader, context) = loopBound.value
      reader.refuse("no PROXY header in time", context: context)
    }
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    deadline?.cancel()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    var bytes = unwrapInboundIn(data)
    if var held = buffered {
      held.writeBuffer(&bytes)
      bytes = held
    }
    let view = bytes.readableBytesView
    guard trusted else {
      guard ProxyHeader.mayBeHeader(view) else { return pass(bytes, context: context) }
      if view.count >= ProxyHeader.v2Signature.count || view.count >= ProxyHeader.v1Prefix.count {
        return refuse("a PROXY header from an address not trusted to send one", context: context)
      }
      buffered = bytes
      return
    }
    switch ProxyHeader.parse(view) {
    case .incomplete:
      buffered = bytes
    case .invalid(let reason):
      refuse(reason, context: context)
    case .header(let header, let length):
      bytes.moveReaderIndex(forwardBy: length)
      settle(.success(header.source.map(Origin.client) ?? .proxy(peer)))
      pass(bytes, context: context)
    }
  }

  func channelInactive(context: ChannelHandlerContext) {
    settle(.failure(Refused(description: "the connection closed before its PROXY header")))
    context.fireChannelInactive()
  }

  private func settle(_ result: Result<Origin, Refused>) {
    guard !settled else { return }
    settled = true
    switch result {
    case .success(let origin): self.origin.succeed(origin)
    case .failure(let refusal): origin.fail(refusal)
    }
  }

  private func pass(_ bytes: ByteBuffer, context: ChannelHandlerContext) {
    buffered = nil
    if bytes.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(bytes)) }
    context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
  }

  /// Closes the connection. The address is the peer's; the reason is ours, never the client's bytes.
  private func refuse(_ reason: String, context: ChannelHandlerContext) {
    buffered = nil
    logger.notice("PROXY header refused", metadata: ["peer": "\(peer)", "reason": "\(reason)"])
    settle(.failure(Refused(description: reason)))
    context.close(promise: nil)
  }
}
