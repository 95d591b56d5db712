import Consultation
import DialogEngine
import NIOCore
import NIOEmbedded

/// The server's reading side without a socket: client bytes through the real `LineFramer` on an
/// `EmbeddedChannel`, and a JSON line through the real `JSONWire`. It is public only so that the fuzz
/// harness (Sources/Fuzzing) drives exactly the code a connection runs; the server itself never uses it.
public final class WireDecoder {
  /// What the framer hands the conversation for each line the client ends.
  public enum Frame: Sendable, Equatable {
    /// The line's bytes as the client sent them, without the newline (a carriage return before it kept).
    case line([UInt8])
    /// A line over the limit, discarded whole.
    case tooLong
  }

  /// Why a JSON line gave no patient text: the protocol's error code.
  public struct Refusal: Error, Sendable, Equatable {
    public var code: String
  }

  private let channel = EmbeddedChannel()

  /// The timers are set long and the embedded clock never moves, so only bytes decide what comes out.
  public init(maxLineLength: Int) {
    try! channel.pipeline.syncOperations.addHandler(
      LineFramer(
        limit: maxLineLength, firstLineTimeout: .seconds(3600), idleTimeout: .seconds(3600),
        lineTimeout: .seconds(3600)))
  }

  deinit {
    _ = try? channel.finish()
  }

  /// The frames completed by the next bytes the client sends, in one read.
  public func receive(_ bytes: [UInt8]) -> [Frame] {
    try! channel.writeInbound(channel.allocator.buffer(bytes: bytes))
    return frames()
  }

  /// The client closes its sending side: a last line without a newline still counts.
  public func endOfInput() -> [Frame] {
    channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
    return frames()
  }

  /// The answer a JSON Lines client's line carries, read against the question it answers.
  public static func jsonAnswer(_ line: String, question: Question?, dialog: Dialog) -> Result<
    Answer, Refusal
  > {
    JSONWire().answer(from: line, question: question, dialog: dialog)
      .mapError { Refusal(code: $0.code) }
  }

  private func frames() -> [Frame] {
    var frames: [Frame] = []
    while let input = try! channel.readInbound(as: ClientInput.self) {
      switch input {
      case .line(let buffer): frames.append(.line(Array(buffer.readableBytesView)))
      case .tooLong: frames.append(.tooLong)
      case .idle, .slowLine, .shutdown, .resetMark: preconditionFailure("no timer or server event runs here")
      }
    }
    return frames
  }
}
