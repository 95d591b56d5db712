/// Splits a byte stream into lines with a hard length limit, for every front end: the server's framer and
/// the chat's piped input read lines by this one rule, so a line one accepts the other accepts too. A
/// carriage return before the newline is no part of the line, nor of its length. An overlong line is
/// discarded whole however it arrives, and no more than the limit and one byte is ever held.
public struct LineSplitter: Sendable {
  /// A whole line (without its newline and carriage return), or one that was too long.
  public enum Piece: Sendable, Hashable {
    case line([UInt8])
    case tooLong
  }

  public let limit: Int
  private var partial: [UInt8] = []
  private var discarding = false

  public init(limit: Int) {
    self.limit = limit
  }

  /// Whether part of a line has arrived and its newline has not.
  public var isMidLine: Bool { discarding || !partial.isEmpty }

  /// Takes the next bytes of the stream and gives each line they complete, in order.
  public mutating func split(_ bytes: some Collection<UInt8>, into emit: (Piece) -> Void) {
    var rest = bytes[...]
    while let newline = rest.firstIndex(of: 0x0A) {
      let part = rest[..<newline]
      rest = rest[rest.index(after: newline)...]
      if !discarding, partial.count + part.count <= limit + 1 {
        partial.append(contentsOf: part)
        emit(finished())
      } else {
        emit(.tooLong)
      }
      // Not keeping capacity: an idle connection should hold no buffer.
      partial.removeAll()
      discarding = false
    }
    guard !rest.isEmpty, !discarding else { return }
    // One byte over the limit is held: it may be the carriage return of a line exactly at the limit, whose
    // newline is still to come.
    if partial.count + rest.count > limit + 1 {
      partial.removeAll()
      discarding = true
    } else {
      partial.append(contentsOf: rest)
    }
  }

  /// The end of the stream: a last line without a newline still counts; the tail of an overlong one does not.
  public mutating func finish() -> Piece? {
    defer { reset() }
    if discarding { return .tooLong }
    guard !partial.isEmpty else { return nil }
    return finished()
  }

  /// Drops the rest of the line now arriving, up to its newline (a line that trickled too long).
  public mutating func abandonLine() {
    partial.removeAll()
    discarding = true
  }

  /// Drops a half-arrived line (a kiosk's next patient must not inherit it).
  public mutating func reset() {
    partial.removeAll()
    discarding = false
  }

  /// The held bytes as a line, its carriage return dropped, or too long.
  private func finished() -> Piece {
    let line = partial.last == 0x0D ? Array(partial.dropLast()) : partial
    return line.count > limit ? .tooLong : .line(line)
  }
}
