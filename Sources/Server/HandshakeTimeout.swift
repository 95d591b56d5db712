import NIOCore
import NIOTLS

/// Closes a TLS connection whose handshake has not finished in time, so a client that opens a socket and
/// never speaks TLS cannot hold a connection slot.
final class HandshakeTimeout: ChannelInboundHandler {
  typealias InboundIn = NIOAny

  private let timeout: TimeAmount
  private var timer: Scheduled<Void>?

  init(timeout: Duration) {
    self.timeout = TimeAmount(timeout)
  }

  func handlerAdded(context: ChannelHandlerContext) {
    timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
      context.close(promise: nil)
    }
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    timer?.cancel()
  }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if case .handshakeCompleted = event as? TLSUserEvent {
      timer?.cancel()
      timer = nil
    }
    context.fireUserInboundEventTriggered(event)
  }
}
