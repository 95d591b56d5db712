import Consultation
import NIOCore

/// Splits the byte stream into lines with a hard length limit (`LineSplitter`, the rule chat reads piped
/// input by too), and owns the input-side deadlines. swift-nio's own line decoders cap only what they buffer
/// while waiting, so a long line arriving in one read would slip through. Timers: no complete line within the idle time (shorter
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

  private var splitter: LineSplitter
  private let firstLineTimeout: TimeAmount
  private let idleTimeout: TimeAmount
  private let lineTimeout: TimeAmount
  private var sawLine = false
  private var idleTimer: Scheduled<Void>?
  private var lineTimer: Scheduled<Void>?

  init(limit: Int, firstLineTimeout: Duration, idleTimeout: Duration, lineTimeout: Duration) {
    splitter = LineSplitter(limit: limit)
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
    let incoming = unwrapInboundIn(data)
    var completed = false
    splitter.split(incoming.readableBytesView) { piece in
      completed = true
      emit(ClientInput(piece), context)
    }
    if completed {
      sawLine = true
      lineTimer?.cancel()
      lineTimer = nil
      armIdleTimer(context)
    }
    if splitter.isMidLine, lineTimer == nil {
      lineTimer = context.eventLoop.assumeIsolated().scheduleTask(in: lineTimeout) { [self] in
        // The rest of the line is dropped; the conversation ends the connection.
        lineTimer = nil
        splitter.abandonLine()
        emit(.slowLine, context, complete: true)
      }
    }
  }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if event is Shutdown {
      emit(.shutdown, context, complete: true)
    } else if event is Reset {
      splitter.reset()
      lineTimer?.cancel()
      lineTimer = nil
      emit(.resetMark, context, complete: true)
    } else {
      if case .inputClosed? = event as? ChannelEvent {
        // The client has said all it will say: its last line counts even without a newline.
        if let piece = splitter.finish() { emit(ClientInput(piece), context, complete: true) }
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
