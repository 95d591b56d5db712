import NIOCore
import NIOPosix

/// One client connection that speaks in lines, as both crscheck's protocol and the echo server do.
struct LineConnection {
  private var lines:
    NIODecodedAsyncSequence<NIOAsyncChannelInboundStream<ByteBuffer>, NIOSplitLinesMessageDecoder>
      .AsyncIterator
  private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

  /// Connects, runs `body` with the connection, and closes it whatever happens.
  static func open<Result: Sendable>(
    host: String, port: Int, _ body: (inout LineConnection) async throws -> Result
  ) async throws -> Result {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .channelOption(.socketOption(.tcp_nodelay), value: 1)
      .connect(host: host, port: port) { channel in
        channel.eventLoop.makeCompletedFuture {
          try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
        }
      }
    return try await channel.executeThenClose { inbound, outbound in
      var connection = LineConnection(
        lines: inbound.splitLines(omittingEmptySubsequences: false, maximumBufferSize: 1 << 20)
          .makeAsyncIterator(),
        outbound: outbound)
      return try await body(&connection)
    }
  }

  /// The next line without its newline, or nil once the server has closed.
  mutating func next() async throws -> String? {
    try await lines.next().map { String(buffer: $0) }
  }

  func send(_ line: String) async throws {
    var buffer = ByteBuffer()
    buffer.reserveCapacity(line.utf8.count + 1)
    buffer.writeString(line)
    buffer.writeInteger(UInt8(ascii: "\n"))
    try await outbound.write(buffer)
  }
}
