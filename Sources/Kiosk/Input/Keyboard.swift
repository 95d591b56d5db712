import CEditLine
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The kiosk's keyboard: one thread that reads the terminal, as single keys or as a line edited with
/// libedit, and reports what it read. The terminal stays in raw mode (no echo, no line buffering, no
/// signals from keys) except while libedit edits a line. The kiosk changes how it reads whenever its
/// screen changes; a change wakes the thread out of a read (through a pipe), and bytes of a key read
/// half under the old mode are kept for the new one, so no key is lost to a redraw.
public final class Keyboard: Sendable {
  /// One terminal per process, and readline's character function is a C function without context.
  public static let shared = Keyboard()

  /// An event, with the generation of the mode it was read under: the kiosk ignores keys read for a
  /// screen older than the one it shows.
  public struct Stamped: Sendable {
    public var event: InputEvent
    public var generation: Int
  }

  private struct State {
    var mode = InputMode.off
    /// Bumped by every change of mode; a read begun under another generation is abandoned.
    var generation = 0
    /// The generation the thread is reading under, and whether it is idle (mode off) or gone.
    var reading = -1
    var idle = true
    var exited = false
    /// Bytes to read before the terminal's: a typed character that began a line, or the start of a key
    /// that a change of mode interrupted, or an escape sequence looked at and handed on to libedit.
    var replay: [UInt8] = []
    /// A named key pressed while a line was being typed.
    var namedKey: Key?
    /// Set for a new patient: libedit starts afresh, the next time the keyboard is off.
    var freshEditor = false
    /// Counts the discards of type-ahead: bytes read before one are not put back after it.
    var discards = 0
    var continuation: AsyncStream<Stamped>.Continuation?
    var started = false
  }

  /// What one read of the terminal got.
  private enum Read {
    case byte(UInt8)
    case timeout
    /// The mode changed (or nothing at all happened: a spurious wake).
    case woken
    case end
  }

  private let state = Mutex(State())
  private let wake: (read: Int32, write: Int32)
  /// The terminal as the kiosk found it, given back when it stops.
  private let original = Mutex<termios?>(nil)
  /// Within this many milliseconds of an Esc, another byte makes it the start of a sequence (an arrow).
  private static let escapeWait: Int32 = 60

  private init() {
    var fds: [Int32] = [0, 0]
    pipe(&fds)
    for fd in fds { _ = fcntl(fd, F_SETFL, O_NONBLOCK) }
    wake = (fds[0], fds[1])
  }

  /// Starts the reading thread; its events arrive on the returned stream.
  public func events() -> AsyncStream<Stamped> {
    let (stream, continuation) = AsyncStream<Stamped>.makeStream()
    let start = state.withLock { state in
      state.continuation = continuation
      defer { state.started = true }
      return !state.started
    }
    if start {
      var saved = termios()
      if tcgetattr(0, &saved) == 0 { original.withLock { $0 = saved } }
      let thread = Thread { [self] in run() }
      thread.name = "keyboard"
      thread.start()
    }
    return stream
  }

  /// Reads as `mode` from now on, abandoning any read in progress; returns once the thread has left it,
  /// so that the caller may draw on the terminal. A new screen passes `discardingTypeAhead`: keys
  /// pressed before it could be seen were meant for the last one, and must not act on this one.
  @discardableResult
  public func set(_ mode: InputMode, discardingTypeAhead: Bool = false) async -> Int {
    let generation = state.withLock { state in
      state.mode = mode
      state.generation += 1
      state.namedKey = nil
      if discardingTypeAhead {
        state.replay = []
        state.discards += 1
        tcflush(0, TCIFLUSH)
      }
      return state.generation
    }
    var byte: UInt8 = 1
    _ = write(wake.write, &byte, 1)
    while !state.withLock({ $0.exited || $0.idle || $0.reading == generation }) {
      try? await Task.sleep(for: .milliseconds(2))
    }
    return generation
  }

  /// How the keyboard reads now (a line it has finished reading leaves it off).
  public var mode: InputMode { state.withLock { $0.mode } }

  /// A new patient: libedit is started afresh, before the next screen is drawn.
  public func forgetEditing() {
    state.withLock { $0.freshEditor = true }
  }

  /// Gives the terminal back as the kiosk found it.
  public func restoreTerminal() {
    if var saved = original.withLock({ $0 }) { tcsetattr(0, TCSANOW, &saved) }
  }

  /// A new line editor, made from the terminal as it was found but without flow control (Ctrl-S would
  /// freeze the kiosk's screen): libedit takes its modes from the terminal it is made on, and edits
  /// only one that echoes. Made while nothing is being typed, as it flushes the terminal's input.
  private func makeEditor() {
    guard var base = original.withLock({ $0 }) else { return ceditline_reinitialize() }
    base.c_iflag &= ~tcflag_t(IXON | IXOFF)
    tcsetattr(0, TCSANOW, &base)
    ceditline_reinitialize()
    enterRawMode()
  }

  private func run() {
    setlocale(LC_CTYPE, "C.UTF-8")
    ceditline_set_name("crscheck-kiosk")
    ceditline_set_catch_signals(0)
    ceditline_set_getc { _ in Keyboard.shared.nextCharacter() }
    makeEditor()
    defer {
      state.withLock { state in
        state.idle = true
        state.exited = true
      }
      emit(.closed, -1)
    }
    while !isClosed {
      // A new editor is made while the keyboard is off, before the caller draws the new patient's
      // screen (it flushes the terminal's input: nothing can have been typed for that screen yet).
      let fresh = state.withLock { $0.mode == .off && $0.freshEditor }
      if fresh { makeEditor() }
      let (mode, generation) = state.withLock { state in
        if fresh { state.freshEditor = false }
        state.reading = state.generation
        state.idle = state.mode == .off
        return (state.mode, state.generation)
      }
      switch mode {
      case .off:
        waitForWake()
      case .keys(let typing):
        let discards = state.withLock { $0.discards }
        guard let (key, bytes) = readKey(generation, discards: discards) else { continue }
        if typing, case .character = key {
          // The patient begins typing an answer: the character is the line's first.
          let began = state.withLock { state in
            guard state.generation == generation else { return false }
            state.mode = .line(prompt: "> ")
            return true
          }
          pushBack(bytes, ifNoDiscardSince: discards)
          if began { emit(.typing, generation) }
        } else {
          emit(.key(key), generation)
        }
      case .line(let prompt):
        let line = readline(prompt).map { raw in
          defer { free(raw) }
          return String(cString: raw)
        }
        enterRawMode()
        // A line ends the reading: the kiosk sets the next mode once the server has answered.
        let named: Key?? = state.withLock { state in
          defer { state.namedKey = nil }
          guard state.generation == generation else { return nil }
          state.mode = .off
          return .some(state.namedKey)
        }
        guard let named else { continue }  // the mode changed under the line: it is dropped
        if let named {
          emit(.key(named), generation)
        } else if line != nil || !isClosed {
          emit(.line(line ?? ""), generation)
        }
      }
    }
  }

  private var isClosed: Bool { endOfInput.load(ordering: .relaxed) }
  private let endOfInput = Atomic(false)

  private func current(_ generation: Int) -> Bool { state.withLock { $0.generation == generation } }

  private func emit(_ event: InputEvent, _ generation: Int) {
    _ = state.withLock { $0.continuation }?.yield(Stamped(event: event, generation: generation))
  }

  /// One key and the bytes it came from, or nil when the mode changed (its bytes so far are kept for
  /// the next read) or input ended.
  private func readKey(_ generation: Int, discards: Int) -> (Key, [UInt8])? {
    var decoder = KeyDecoder()
    var bytes: [UInt8] = []
    while true {
      guard current(generation) else {
        pushBack(bytes, ifNoDiscardSince: discards)
        return nil
      }
      switch nextByte(timeout: decoder.isHolding ? Self.escapeWait : -1) {
      case .byte(let byte):
        bytes.append(byte)
        guard let key = decoder.feed(byte) else { continue }
        guard current(generation) else {
          pushBack(bytes, ifNoDiscardSince: discards)
          return nil
        }
        return (key, bytes)
      case .timeout:
        if let key = decoder.timeout() { return (key, bytes) }
      case .woken:
        continue
      case .end:
        return nil
      }
    }
  }

  /// readline's character function: UTF-8 decoded to scalars, Esc and F5 taken as named keys (which end
  /// the line), Ctrl-D ignored (a kiosk's input never ends), anything else handed to libedit as it came.
  /// At a change of mode it ends the line at once.
  private func nextCharacter() -> Int32 {
    let newline: Int32 = 0x0A
    let (generation, discards) = state.withLock { ($0.reading, $0.discards) }
    while true {
      guard current(generation) else { return newline }
      let first: UInt8
      switch nextByte(timeout: -1) {
      case .byte(let byte): first = byte
      case .end: return -1
      case .timeout, .woken: continue
      }
      emit(.activity, generation)
      // Ctrl-D would end a kiosk's input; Tab would list the kiosk's files (libedit's completion).
      if first == 0x04 || first == 0x09 { continue }
      if first == 0x1B { return escape(discards) }
      // The raw terminal does not turn Enter's carriage return into a newline; libedit ends a line at
      // either, but keeps the carriage return in it.
      if first == 0x0D { return newline }
      guard first >= 0x80 else { return Int32(first) }
      var bytes = [first]
      while bytes.count < KeyDecoder.utf8Length(lead: first), case .byte(let byte) = nextByte(timeout: 100) {
        bytes.append(byte)
      }
      guard let scalar = String(validating: bytes, as: UTF8.self)?.unicodeScalars.first else { return 0x3F }
      return Int32(bitPattern: scalar.value)
    }
  }

  /// After an Esc in a line: alone it is the back key, F5's sequence starts over, and any other sequence
  /// (the arrows that move in the line) goes on to libedit.
  private func escape(_ discards: Int) -> Int32 {
    var sequence: [UInt8] = [0x1B]
    var decoder = KeyDecoder()
    _ = decoder.feed(0x1B)
    while true {
      switch nextByte(timeout: Self.escapeWait) {
      case .byte(let byte):
        sequence.append(byte)
        guard let key = decoder.feed(byte) else { continue }
        if key == .startOver { return endLine(with: .startOver) }
        state.withLock { $0.replay = Array(sequence.dropFirst()) + $0.replay }
        return 0x1B
      case .timeout:
        return endLine(with: .back)
      case .woken, .end:
        pushBack(sequence, ifNoDiscardSince: discards)
        return 0x0A
      }
    }
  }

  private func endLine(with key: Key) -> Int32 {
    state.withLock { $0.namedKey = key }
    return 0x0A
  }

  /// Puts bytes read back to be read again, unless the kiosk discarded type-ahead since they were read.
  private func pushBack(_ bytes: [UInt8], ifNoDiscardSince discards: Int) {
    guard !bytes.isEmpty else { return }
    state.withLock { state in
      if state.discards == discards { state.replay = bytes + state.replay }
    }
  }

  /// The next byte: what is to be replayed first, then the terminal's within `timeout` milliseconds
  /// (-1: until the mode changes).
  private func nextByte(timeout: Int32) -> Read {
    if let byte = state.withLock({ $0.replay.isEmpty ? nil : $0.replay.removeFirst() }) { return .byte(byte) }
    var fds = [
      pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
      pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0),
    ]
    let ready = poll(&fds, 2, timeout)
    if ready == 0 { return .timeout }
    guard ready > 0 else { return .woken }  // EINTR
    if fds[1].revents != 0 { drainWake() }
    guard fds[0].revents != 0 else { return .woken }
    var byte: UInt8 = 0
    guard read(0, &byte, 1) > 0 else {
      endOfInput.store(true, ordering: .relaxed)
      return .end
    }
    return .byte(byte)
  }

  private func waitForWake() {
    var fd = pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)
    _ = poll(&fd, 1, -1)
    drainWake()
  }

  private func drainWake() {
    var sink = [UInt8](repeating: 0, count: 64)
    while read(wake.read, &sink, sink.count) > 0 {}
  }

  /// Raw mode: no echo, no line buffering, no signals from keys; output processing stays, so newlines
  /// still return the carriage.
  private func enterRawMode() {
    guard var raw = original.withLock({ $0 }) else { return }
    raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
    raw.c_iflag &= ~tcflag_t(IXON | ICRNL | INLCR)
    withUnsafeMutableBytes(of: &raw.c_cc) { characters in
      characters[Int(VMIN)] = 1
      characters[Int(VTIME)] = 0
    }
    tcsetattr(0, TCSANOW, &raw)
  }
}
