import NIOCore

/// Closes a connection whose client stops reading: once output has backed up past the write buffer's high
/// mark, the client has a grace period to catch up, so one slow client never grows the server's memory.
final class WriteStallGuard: ChannelDuplexHandler {
  typealias InboundIn = NIOAny
  typealias OutboundIn = NIOAny

  private let timeout: TimeAmount
  private var timer: Scheduled<Void>?

  init(timeout: Duration) {
    self.timeout = TimeAmount(timeout)
  }

  func channelWritabilityChanged(context: ChannelHandlerContext) {
    if context.channel.isWritable {
      timer?.cancel()
      timer = nil
    } else if timer == nil {
      timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
        context.close(promise: nil)
      }
    }
    context.fireChannelWritabilityChanged()
  }

  func channelInactive(context: ChannelHandlerContext) {
    timer?.cancel()
    context.fireChannelInactive()
  }
}
