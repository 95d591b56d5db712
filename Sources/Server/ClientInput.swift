import Consultation
import NIOCore

/// What the connection's reading side hands the conversation: a whole line, or why there is none.
enum ClientInput: Sendable {
  case line(ByteBuffer)
  /// A line longer than the limit, discarded whole.
  case tooLong
  /// No line arrived in time: before the first line, or between lines.
  case idle
  /// A line was still arriving long after its first byte: a trickle that would hold the connection.
  case slowLine
  /// The server is shutting down.
  case shutdown
  /// Everything before this was sent for a kiosk patient whose conversation has been reset.
  case resetMark
}

extension ClientInput {
  init(_ piece: LineSplitter.Piece) {
    switch piece {
    case .line(let bytes): self = .line(ByteBuffer(bytes: bytes))
    case .tooLong: self = .tooLong
    }
  }
}
