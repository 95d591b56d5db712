import CEditLine
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The kiosk's keyboard: one thread that reads the terminal, as single keys or as a line edited with
/// libedit, and reports what it read. The kiosk changes how it reads whenever its screen changes; a
/// change wakes the thread out of a read (through a pipe), so a line half typed by the last patient
/// never carries over to what is shown next.
public final class Keyboard: Sendable {
  /// One terminal per process, and readline's character function is a C function without context.
  public static let shared = Keyboard()

  private struct State {
    var mode = InputMode.off
    /// Bumped by every change of mode; a read begun under another generation is abandoned.
    var generation = 0
    /// The generation the thread is reading under (or has left, when `idle`).
    var reading = -1
    var idle = true
    /// Bytes to give readline before reading more: a typed character that began a line, or an escape
    /// sequence looked at and handed on.
    var replay: [UInt8] = []
    /// A named key pressed while a line was being typed.
    var namedKey: Key?
    var continuation: AsyncStream<InputEvent>.Continuation?
    var started = false
  }

  private let state = Mutex(State())
  private let wake: (read: Int32, write: Int32)
  private static let escapeWait: Int32 = 60

  private init() {
    var fds: [Int32] = [0, 0]
    pipe(&fds)
    _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
    _ = fcntl(fds[1], F_SETFL, O_NONBLOCK)
    wake = (fds[0], fds[1])
  }

  /// Starts the reading thread; its events arrive on the returned stream.
  public func events() -> AsyncStream<InputEvent> {
    let (stream, continuation) = AsyncStream<InputEvent>.makeStream()
    let start = state.withLock { state in
      state.continuation = continuation
      defer { state.started = true }
      return !state.started
    }
    if start {
      let thread = Thread { [self] in run() }
      thread.name = "keyboard"
      thread.start()
    }
    return stream
  }

  /// Reads as `mode` from now on, abandoning any read in progress; returns once the thread has left it,
  /// so that the caller may draw on the terminal.
  public func set(_ mode: InputMode) async {
    let generation = state.withLock { state in
      state.mode = mode
      state.generation += 1
      state.namedKey = nil
      if case .line = mode {} else { state.replay = [] }
      return state.generation
    }
    var byte: UInt8 = 1
    _ = write(wake.write, &byte, 1)
    while !state.withLock({ $0.idle || $0.reading == generation }) {
      try? await Task.sleep(for: .milliseconds(2))
    }
  }

  private func run() {
    setlocale(LC_CTYPE, "C.UTF-8")
    ceditline_set_name("crscheck-kiosk")
    ceditline_set_catch_signals(0)
    ceditline_set_getc { _ in Keyboard.shared.nextCharacter() }
    while true {
      let (mode, generation) = state.withLock { state in
        state.reading = state.generation
        state.idle = state.mode == .off
        return (state.mode, state.generation)
      }
      switch mode {
      case .off:
        waitForWake(timeout: -1)
      case .keys(let typing):
        guard let key = withRawTerminal({ readKey(generation) }) else { continue }
        if typing, case .character(let character) = key {
          let began = state.withLock { state in
            guard state.generation == generation else { return false }
            state.mode = .line(prompt: "> ")
            state.replay = Array(String(character).utf8)
            return true
          }
          if began { emit(.typing) }
        } else if current(generation) {
          emit(.key(key))
        }
      case .line(let prompt):
        let line = readline(prompt).map { raw in
          defer { free(raw) }
          return String(cString: raw)
        }
        // A line ends the reading: the kiosk sets the next mode once the server has answered.
        let named = state.withLock { state in
          defer { state.namedKey = nil }
          guard state.generation == generation else { return nil as Key? }
          state.mode = .off
          return state.namedKey
        }
        guard current(generation) else { continue }
        if let named {
          emit(.key(named))
        } else if let line {
          emit(.line(line))
        } else if isClosed {
          emit(.closed)
          return
        }
      }
      if isClosed {
        emit(.closed)
        return
      }
    }
  }

  private var isClosed: Bool { endOfInput.load(ordering: .relaxed) }
  private let endOfInput = Atomic(false)

  private func current(_ generation: Int) -> Bool { state.withLock { $0.generation == generation } }

  private func emit(_ event: InputEvent) {
    _ = state.withLock { $0.continuation }?.yield(event)
  }

  /// One key, or nil when the mode changed (or input ended) first.
  private func readKey(_ generation: Int) -> Key? {
    var decoder = KeyDecoder()
    while current(generation) {
      guard let byte = readByte(timeout: decoder.isHolding ? Self.escapeWait : -1) else {
        if endOfInput.load(ordering: .relaxed) { return nil }
        if decoder.isHolding, let key = decoder.timeout() { return key }
        continue
      }
      if let key = decoder.feed(byte) { return key }
    }
    return nil
  }

  /// readline's character function: UTF-8 decoded to scalars, Esc and F5 taken as named keys (which end
  /// the line), anything else handed to libedit as it came. At a change of mode it ends the line at once.
  private func nextCharacter() -> Int32 {
    let newline: Int32 = 0x0A
    let generation = state.withLock { $0.reading }
    guard let first = nextLineByte(generation) else {
      return endOfInput.load(ordering: .relaxed) ? -1 : newline
    }
    emit(.activity)
    if first == 0x1B {
      var sequence: [UInt8] = [first]
      var decoder = KeyDecoder()
      _ = decoder.feed(first)
      while true {
        guard let byte = readByte(timeout: Self.escapeWait) else {
          if decoder.timeout() == .back { return endLine(with: .back) }
          break
        }
        sequence.append(byte)
        if let key = decoder.feed(byte) {
          if key == .startOver { return endLine(with: .startOver) }
          break
        }
      }
      state.withLock { $0.replay = Array(sequence.dropFirst()) + $0.replay }
      return Int32(first)
    }
    guard first >= 0x80 else { return Int32(first) }
    var bytes = [first]
    let length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1
    while bytes.count < length, let byte = nextLineByte(generation) { bytes.append(byte) }
    guard let scalar = String(validating: bytes, as: UTF8.self)?.unicodeScalars.first else { return 0x3F }
    return Int32(bitPattern: scalar.value)
  }

  private func endLine(with key: Key) -> Int32 {
    state.withLock { $0.namedKey = key }
    return 0x0A
  }

  /// The next byte for readline: what is to be replayed first, then the terminal; nil when the mode changed.
  private func nextLineByte(_ generation: Int) -> UInt8? {
    while current(generation) {
      if let byte = state.withLock({ $0.replay.isEmpty ? nil : $0.replay.removeFirst() }) { return byte }
      if let byte = readByte(timeout: -1) { return byte }
      if endOfInput.load(ordering: .relaxed) { return nil }
    }
    return nil
  }

  /// One byte from the terminal within `timeout` milliseconds (-1: until the mode changes).
  private func readByte(timeout: Int32) -> UInt8? {
    var fds = [
      pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
      pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0),
    ]
    let ready = poll(&fds, 2, timeout)
    guard ready > 0 else { return nil }
    if fds[1].revents != 0 { drainWake() }
    guard fds[0].revents != 0 else { return nil }
    var byte: UInt8 = 0
    let count = read(0, &byte, 1)
    if count <= 0 {
      endOfInput.store(true, ordering: .relaxed)
      return nil
    }
    return byte
  }

  private func waitForWake(timeout: Int32) {
    var fd = pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)
    _ = poll(&fd, 1, timeout)
    drainWake()
  }

  private func drainWake() {
    var sink = [UInt8](repeating: 0, count: 64)
    while read(wake.read, &sink, sink.count) > 0 {}
  }

  /// Runs `body` with the terminal in raw mode (no echo, no line buffering, no signals from keys), as
  /// single keys need; output processing stays, so newlines still return the carriage.
  private func withRawTerminal<T>(_ body: () -> T) -> T {
    var saved = termios()
    guard tcgetattr(0, &saved) == 0 else { return body() }
    var raw = saved
    raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
    raw.c_iflag &= ~tcflag_t(IXON | ICRNL | INLCR)
    withUnsafeMutableBytes(of: &raw.c_cc) { characters in
      characters[Int(VMIN)] = 1
      characters[Int(VTIME)] = 0
    }
    tcsetattr(0, TCSANOW, &raw)
    defer { tcsetattr(0, TCSANOW, &saved) }
    return body()
  }
}
