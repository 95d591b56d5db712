import NIOCore

/// Where the kiosk's messages to the server go, while one connection lasts.
public struct Outbox: Sendable {
  let writer: NIOAsyncChannelOutboundWriter<ByteBuffer>

  /// Sends one JSON line; a failure is left to the connection's end, which the link reports.
  public func send(_ message: ClientMessage) async {
    try? await writer.write(ByteBuffer(string: message.line + "\n"))
  }
}
