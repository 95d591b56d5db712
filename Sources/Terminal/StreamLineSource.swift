import Consultation

#if canImport(Glibc)
  import Glibc
#endif

/// Reads lines from a file descriptor (standard input when it is not a terminal) with a hard length
/// limit: an overlong line is discarded whole, however it arrives, so no input can grow memory.
public struct StreamLineSource: LineSource {
  public var limit: Int { splitter.limit }
  private let descriptor: Int32
  private var splitter: LineSplitter
  /// Lines split from what was read and not yet asked for.
  private var ready: [LineSplitter.Piece] = []
  private var atEnd = false

  public init(descriptor: Int32 = STDIN_FILENO, limit: Int = 4096) {
    self.descriptor = descriptor
    splitter = LineSplitter(limit: limit)
  }

  public mutating func next(prompt: String) -> LineInput {
    while ready.isEmpty {
      if atEnd {
        guard let last = splitter.finish() else { return .end }
        ready.append(last)
      } else {
        fill()
      }
    }
    switch ready.removeFirst() {
    case .line(let bytes): return PatientText.decode(bytes).map(LineInput.line) ?? .invalidText
    case .tooLong: return .tooLong
    }
  }

  private mutating func fill() {
    var chunk = [UInt8](repeating: 0, count: 4096)
    let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
    if count > 0 {
      splitter.split(chunk[..<count]) { ready.append($0) }
    } else if count == 0 || errno != EINTR {
      atEnd = true
    }
  }
}
