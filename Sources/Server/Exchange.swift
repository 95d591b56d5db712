import Consultation
import DialogEngine
import NIOCore

extension Connection {
  /// The reading and writing ends of a connection, with the per-connection error count.
  struct Exchange {
    var inbound: NIOAsyncChannelInboundStream<ClientInput>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let channel: any Channel
    let limit: Int
    let maxOversized: Int
    var oversized = 0

    enum Next {
      case line(String)
      case ended(ByeReason)
      case closed
    }

    /// The next usable line. Unusable lines are answered here with an error and the question again; too
    /// many overlong lines end the connection.
    mutating func nextLine(refusing refusal: (WireError) -> [String]) async throws -> Next {
      while true {
        guard let input = try await inbound.next() else { return .closed }
        switch input {
        case .line(let buffer):
          guard let text = PatientText.decode(buffer.readableBytesView) else {
            try await send(refusal(.invalidText))
            continue
          }
          return .line(text)
        case .tooLong:
          oversized += 1
          if oversized >= maxOversized { return .ended(.tooManyErrors) }
          try await send(refusal(.lineTooLong(limit: limit)))
        case .idle:
          return .ended(.idle)
        case .slowLine:
          return .ended(.slowLine)
        case .shutdown:
          return .ended(.shutdown)
        case .resetMark:
          continue
        }
      }
    }

    /// Drops every input up to the mark the framer sets on reset, and starts the error count afresh.
    /// False when the server began shutting down meanwhile, or the client left.
    mutating func discardUntilReset() async throws -> Bool {
      channel.pipeline.fireUserInboundEventTriggered(LineFramer.Reset())
      oversized = 0
      while let input = try await inbound.next() {
        if case .resetMark = input { return true }
        if case .shutdown = input { return false }
      }
      return false
    }

    func send(_ lines: [String]) async throws {
      guard !lines.isEmpty else { return }
      try await outbound.write(Self.buffer(lines))
    }

    /// The lines as bytes; not inlined, so its temporaries stay out of the waiting task (see `judge`).
    @inline(never)
    private static func buffer(_ lines: [String]) -> ByteBuffer {
      var buffer = ByteBuffer()
      for line in lines {
        buffer.writeString(line)
        buffer.writeInteger(UInt8(ascii: "\n"))
      }
      return buffer
    }
  }
}
