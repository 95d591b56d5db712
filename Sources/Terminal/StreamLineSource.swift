#if canImport(Glibc)
  import Glibc
#endif

/// Reads lines from a file descriptor (standard input when it is not a terminal) with a hard length
/// limit: an overlong line is discarded whole, however it arrives, so no input can grow memory.
public struct StreamLineSource: LineSource {
  public let limit: Int
  private let descriptor: Int32
  private var buffer: [UInt8] = []
  private var discarding = false
  private var atEnd = false

  public init(descriptor: Int32 = STDIN_FILENO, limit: Int = 4096) {
    self.descriptor = descriptor
    self.limit = limit
  }

  public mutating func next(prompt: String) -> LineInput {
    while true {
      if let newline = buffer.firstIndex(of: 0x0A) {
        let line = buffer[..<newline]
        defer { buffer.removeSubrange(...newline) }
        if discarding {
          discarding = false
          return .tooLong
        }
        return check(line)
      }
      if buffer.count > limit {
        buffer.removeAll(keepingCapacity: true)
        discarding = true
      }
      if atEnd {
        if discarding {
          // The tail of the overlong line read since the last cut goes too: it is no line of its own.
          discarding = false
          buffer.removeAll()
          return .tooLong
        }
        guard !buffer.isEmpty else { return .end }
        defer { buffer.removeAll() }
        return check(buffer)
      }
      fill()
    }
  }

  private mutating func fill() {
    var chunk = [UInt8](repeating: 0, count: 4096)
    let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
    if count > 0 {
      buffer.append(contentsOf: chunk[..<count])
    } else if count == 0 || errno != EINTR {
      atEnd = true
    }
  }
}
