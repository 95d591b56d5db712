import Glibc
import NIOCore
import NIOPosix

/// The benchmark baseline: a bare SwiftNIO line echo server built the way `crscheck serve` is (a
/// NIOAsyncChannel per connection in a discarding task group, TCP_NODELAY, line framing), so the load
/// generator's figures against it are this machine's floor for such a server, and crscheck's are read
/// as ratios to it.
///
/// Usage: `EchoServer [PORT]` (0, the default, picks a free port); prints `listening on port N`.
@main
enum EchoServer {
  /// As long as crscheck's line limit, so the two buffer alike.
  static let maximumLine = 4096

  static func main() async throws {
    let port = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 0
    let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.backlog, value: 256)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
      .bind(host: "127.0.0.1", port: port) { channel in
        channel.eventLoop.makeCompletedFuture {
          try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
        }
      }
    print("listening on port \(server.channel.localAddress?.port ?? port)")
    fflush(nil)  // all streams: `stdout` itself is a global Swift 6 will not touch
    try await server.executeThenClose { connections in
      try await withThrowingDiscardingTaskGroup { group in
        for try await connection in connections {
          group.addTask { try? await echo(connection) }
        }
      }
    }
  }

  /// Sends every line back as it arrives, one write per line, as crscheck answers one line per turn.
  private static func echo(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async throws {
    try await connection.executeThenClose { inbound, outbound in
      for try await var line in inbound.splitLines(
        omittingEmptySubsequences: false, maximumBufferSize: maximumLine)
      {
        line.writeInteger(UInt8(ascii: "\n"))
        try await outbound.write(line)
      }
    }
  }
}
