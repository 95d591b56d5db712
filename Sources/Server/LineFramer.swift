import NIOCore

/// Splits the byte stream into lines with a hard length limit, and owns the input-side deadlines.
/// swift-nio's own line decoders cap only what they buffer while waiting, so a long line arriving in one
/// read would slip through; here an overlong line is discarded whole however it arrives, and a connection
/// never holds more than the limit and one byte. Timers: no complete line within the idle time (shorter
/// before the first line), or a line that is still arriving long after its first byte (a slow trickle), is
/// reported to the conversation, which says goodbye.
final class LineFramer: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer
  typealias InboundOut = ClientInput

  /// Fired into the pipeline to end the conversation for a shutdown.
  struct Shutdown: Sendable {}

  /// Fired into the pipeline when a kiosk starts its next patient: a half-typed line is dropped, and a
  /// mark tells the conversation where the previous patient's input ends.
  struct Reset: Sendable {}

  private let limit: Int
  private let firstLineTimeout: TimeAmount
  private let idleTimeout: TimeAmount
  private let lineTimeout: TimeAmount
  private var partial: ByteBuffer?
  private var discarding = false
  private var sawLine = false
  private var idleTimer: Scheduled<Void>?
  private var lineTimer: Scheduled<Void>?

  init(limit: Int, firstLineTimeout: Duration, idleTimeout: Duration, lineTimeout: Duration) {
    self.limit = limit
    self.firstLineTimeout = TimeAmount(firstLineTimeout)
    self.idleTimeout = TimeAmount(idleTimeout)
    self.lineTimeout = TimeAmount(lineTimeout)
  }

  func handlerAdded(context: ChannelHandlerContext) {
    if context.channel.isActive { armIdleTimer(context) }
  }

  func channelActive(context: ChannelHandlerContext) {
    armIdleTimer(context)
    context.fireChannelActive()
  }

  func channelInactive(context: ChannelHandlerContext) {
    idleTimer?.cancel()
    lineTimer?.cancel()
    context.fireChannelInactive()
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    idleTimer?.cancel()
    lineTimer?.cancel()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    var incoming = unwrapInboundIn(data)
    while let newline = incoming.readableBytesView.firstIndex(of: 0x0A) {
      var part = incoming.readSlice(length: newline - incoming.readerIndex)!
      incoming.moveReaderIndex(forwardBy: 1)
      // A carriage return before the newline is no part of the line, nor of its length.
      let carriageReturn =
        part.readableBytesView.last == 0x0D
        || (part.readableBytes == 0 && partial?.readableBytesView.last == 0x0D)
      let length = (partial?.readableBytes ?? 0) + part.readableBytes - (carriageReturn ? 1 : 0)
      if discarding || length > limit {
        emit(.tooLong, context)
      } else {
        var line = partial ?? context.channel.allocator.buffer(capacity: part.readableBytes)
        line.writeBuffer(&part)
        emit(.line(line), context)
      }
      partial = nil
      discarding = false
      sawLine = true
      lineTimer?.cancel()
      lineTimer = nil
      armIdleTimer(context)
    }
    guard incoming.readableBytes > 0 else { return }
    if !discarding {
      // One byte over the limit is held: it may be the carriage return of a line exactly at the limit, whose
      // newline is still to come.
      if (partial?.readableBytes ?? 0) + incoming.readableBytes > limit + 1 {
        partial = nil
        discarding = true
      } else if partial == nil {
        partial = incoming
      } else {
        partial!.writeBuffer(&incoming)
      }
    }
    if lineTimer == nil {
      lineTimer = context.eventLoop.assumeIsolated().scheduleTask(in: lineTimeout) { [self] in
        // The rest of the line is dropped; the conversation ends the connection.
        lineTimer = nil
        partial = nil
        discarding = true
        emit(.slowLine, context, complete: true)
      }
    }
  }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if event is Shutdown {
      emit(.shutdown, context, complete: true)
    } else if event is Reset {
      partial = nil
      discarding = false
      lineTimer?.cancel()
      lineTimer = nil
      emit(.resetMark, context, complete: true)
    } else {
      if case .inputClosed? = event as? ChannelEvent {
        // The client has said all it will say: its last line counts even without a newline.
        if let line = partial, !discarding, line.readableBytes > 0,
          line.readableBytes - (line.readableBytesView.last == 0x0D ? 1 : 0) <= limit
        {
          emit(.line(line), context, complete: true)
        }
        partial = nil
      }
      context.fireUserInboundEventTriggered(event)
    }
  }

  private func armIdleTimer(_ context: ChannelHandlerContext) {
    idleTimer?.cancel()
    idleTimer = context.eventLoop.assumeIsolated().scheduleTask(in: sawLine ? idleTimeout : firstLineTimeout)
    {
      [self] in
      emit(.idle, context, complete: true)
      armIdleTimer(context)
    }
  }

  /// Passes an input on. Inputs raised by a timer or an event are followed by a read-complete of their
  /// own, or the async channel would hold them back until the client next sent something.
  private func emit(_ input: ClientInput, _ context: ChannelHandlerContext, complete: Bool = false) {
    context.fireChannelRead(wrapInboundOut(input))
    if complete { context.fireChannelReadComplete() }
  }
}
