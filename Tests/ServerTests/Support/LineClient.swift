import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A test client speaking the line protocol over a real socket: it sends lines and reads the server's
/// lines one by one.
final class LineClient {
  private let channel: any Channel
  private var lines:
    NIODecodedAsyncSequence<NIOAsyncChannelInboundStream<ByteBuffer>, NIOSplitUTF8LinesMessageDecoder>
      .AsyncIterator
  private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
  /// Everything received so far.
  private(set) var received: [String] = []

  /// Connects, runs `body` with the client, and closes the connection after it.
  static func withConnection<T>(
    host: String = "127.0.0.1", port: Int, tls: NIOSSLContext? = nil, _ body: (LineClient) async throws -> T
  ) async throws -> T {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .connect(host: host, port: port) { channel in
        channel.eventLoop.makeCompletedFuture {
          if let tls {
            try channel.pipeline.syncOperations.addHandler(
              NIOSSLClientHandler(context: tls, serverHostname: nil))
          }
          return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
        }
      }
    return try await channel.executeThenClose { inbound, outbound in
      try await body(LineClient(channel: channel.channel, inbound: inbound, outbound: outbound))
    }
  }

  private init(
    channel: any Channel, inbound: NIOAsyncChannelInboundStream<ByteBuffer>,
    outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
  ) {
    self.channel = channel
    lines = inbound.splitUTF8Lines(omittingEmptySubsequences: false).makeAsyncIterator()
    self.outbound = outbound
  }

  func send(_ line: String) async throws {
    try await sendRaw(Array((line + "\n").utf8))
  }

  func sendRaw(_ bytes: [UInt8]) async throws {
    try await outbound.write(ByteBuffer(bytes: bytes))
  }

  /// The next line, or nil when the server closed the connection. Tests bound their time with a
  /// `.timeLimit` trait rather than per read.
  func next() async throws -> String? {
    let line = try await lines.next()
    if let line { received.append(line) }
    return line
  }

  /// Lines up to and including the end of the server's turn: the text prompt, a JSON ask or bye, or the
  /// end of the connection.
  func turn() async throws -> [String] {
    var turn: [String] = []
    while let line = try await next() {
      turn.append(line)
      if line == "> " || line.contains("\"type\":\"ask\"") || line.contains("\"type\":\"bye\"") { break }
    }
    return turn
  }

  /// Reads the hello line, chooses JSON mode and reads up to the first question; returns that turn.
  @discardableResult
  func beginJSON() async throws -> [String] {
    _ = try await next()
    try await send(#"{"type":"hello"}"#)
    return try await turn()
  }

  /// Reads the hello line, begins in text mode with an empty line and reads up to the first prompt.
  @discardableResult
  func beginText() async throws -> [String] {
    _ = try await next()
    try await send("")
    return try await turn()
  }

  /// A whole JSON conversation on a new connection: the hello, then `words` as the first answer; returns
  /// every message from there to the end of the connection.
  static func consult(port: Int, saying words: String) async throws -> [[String: Any]] {
    try await withConnection(port: port) { client in
      try await client.beginJSON()
      try await client.send(#"{"type":"answer","text":"# + "\"\(words)\"}")
      return try await client.rest().map(json)
    }
  }

  /// Reads until the server closes the connection (dropping the empty remainder after the last newline).
  func rest() async throws -> [String] {
    var rest: [String] = []
    while let line = try await next() { rest.append(line) }
    if rest.last == "" { rest.removeLast() }
    return rest
  }

  /// Closes the sending side only, as `nc -N` does after its input: the server may still answer.
  func finishSending() async throws {
    try await channel.close(mode: .output)
  }

  func close() async {
    try? await channel.close()
  }

}

/// One JSON message from the server.
func json(_ line: String) -> [String: Any] {
  (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
}
