import Dispatch
import Logging

#if canImport(Glibc)
  import Glibc
#endif

/// The kiosk: server messages and the patient's keys in, screens and answers out. It owns the one `Screen`
/// and handles one event at a time, so the order of what a patient sees is the order things happened.
public struct KioskLoop: Sendable {
  public var settings: KioskSettings
  public var link: ServerLink
  /// Without a key for this long, a begun conversation is abandoned and the welcome screen returns.
  public var idle: Duration
  /// How long without a server before the unavailable screen replaces the last one (so a quick
  /// reconnection goes unseen).
  public var patience: Duration = .seconds(3)
  /// The kiosk's words from the local dialog, for before any server has answered.
  public var words: [String: KioskWords]
  public var logger: Logger

  public init(
    settings: KioskSettings, link: ServerLink, idle: Duration, words: [String: KioskWords], logger: Logger
  ) {
    self.settings = settings
    self.link = link
    self.idle = idle
    self.words = words
    self.logger = logger
  }

  /// Runs until the terminal closes or the task is cancelled.
  public func run() async {
    let (events, sink) = AsyncStream<KioskEvent>.makeStream()
    let keyboard = Keyboard.shared
    await withDiscardingTaskGroup { group in
      group.addTask {
        for await event in keyboard.events() { sink.yield(.input(event)) }
      }
      group.addTask { await link.run { sink.yield(.link($0)) } }
      group.addTask {
        while !Task.isCancelled {
          try? await Task.sleep(for: .seconds(1))
          sink.yield(.tick)
        }
      }
      let signals = Self.watchSignals(sink)
      var state = KioskState(loop: self, keyboard: keyboard, sink: sink)
      await state.start()
      for await event in events {
        if await state.handle(event) == false { break }
      }
      signals.forEach { $0.cancel() }
      await keyboard.set(.off)
      // Nothing of a conversation stays on a kiosk that was stopped.
      state.write(settings.plain ? "\n" : FullScreenRenderer.clearAll)
      group.cancelAll()
    }
  }

  /// SIGTERM and SIGHUP stop the kiosk cleanly; SIGWINCH redraws it.
  private static func watchSignals(_ sink: AsyncStream<KioskEvent>.Continuation) -> [any DispatchSourceSignal]
  {
    [(SIGTERM, KioskEvent.stop), (SIGHUP, .stop), (SIGWINCH, .resized)].map { signal, event in
      Glibc.signal(signal, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signal)
      source.setEventHandler { sink.yield(event) }
      source.resume()
      return source
    }
  }
}

/// The kiosk's state as it runs: the screen, the connection of the moment, the answer not yet confirmed.
private struct KioskState {
  let loop: KioskLoop
  let keyboard: Keyboard
  let sink: AsyncStream<KioskEvent>.Continuation
  var screen: Screen
  var plain: PlainRenderer
  var outbox: Outbox?
  /// The last answer and the question it answered, until the server replies: resent if the connection
  /// dropped and the resumed conversation asks the same question again.
  var unconfirmed: (question: ServerMessage.Ask?, message: ClientMessage)?
  var lastKey = ContinuousClock.now
  /// Whether the patient has pressed anything since this conversation's first screen.
  var touched = false
  var digits = ""
  var generation = 0
  var waitingForServer = false
  var lostAt: ContinuousClock.Instant?

  init(loop: KioskLoop, keyboard: Keyboard, sink: AsyncStream<KioskEvent>.Continuation) {
    self.loop = loop
    self.keyboard = keyboard
    self.sink = sink
    screen = Screen(words: loop.words)
    plain = PlainRenderer(settings: loop.settings)
  }

  mutating func start() async {
    lostAt = .now
    schedule(.unavailable, after: loop.patience)
    await draw(clearingAll: true)
  }

  /// Handles one event; false when the kiosk should stop.
  mutating func handle(_ event: KioskEvent) async -> Bool {
    switch event {
    case .input(.closed):
      return false
    case .input(let input):
      lastKey = .now
      await handle(input)
    case .link(let event):
      await handle(event)
    case .timer(let timer, let generation):
      guard generation == self.generation else { return true }
      switch timer {
      case .unavailable:
        guard outbox == nil else { return true }
        screen.serverUnavailable()
        await draw()
      case .digits:
        await chooseDigits()
      }
    case .tick:
      await checkIdle()
    case .resized:
      await draw()
    case .stop:
      logger.info("kiosk stopping")
      return false
    }
    return true
  }

  // MARK: The patient

  private mutating func handle(_ input: InputEvent) async {
    switch input {
    case .typing, .activity:
      touched = true
    case .line(let text):
      touched = true
      await typed(text)
    case .key(let key):
      touched = true
      await pressed(key)
    case .closed:
      break
    }
  }

  private mutating func pressed(_ key: Key) async {
    if screen.phase == .advice {
      if key == .enter { await dismissAdvice() }
      return
    }
    guard screen.phase == .conversation, !waitingForServer else { return }
    switch key {
    case .back: await send(.command("back"))
    case .startOver: await send(.command("restart"))
    case .up, .down:
      screen.move(by: key == .up ? -1 : 1)
      await draw()
    case .space:
      screen.toggle()
      await draw()
    case .digit(let digit):
      digits += String(digit)
      let count = screen.question?.choices.count ?? 0
      if let number = Int(digits), number * 10 > count {
        await chooseDigits()
      } else {
        schedule(.digits, after: .seconds(1))
      }
    case .enter:
      if !digits.isEmpty {
        await chooseDigits()
      } else if let chosen = screen.chosen {
        await send(.choices(chosen))
      } else {
        // A findings question with nothing checked: the patient says it in words.
        await keyboard.set(.line(prompt: "> "))
      }
    case .character, .other:
      break
    }
  }

  /// Acts on the number typed: a choice is answered at once; a findings choice is checked or unchecked.
  private mutating func chooseDigits() async {
    defer { digits = "" }
    guard let number = Int(digits), let question = screen.question, screen.pick(number: number) else {
      await draw()
      return
    }
    if question.takesSeveral {
      await draw()
    } else if let chosen = screen.chosen {
      await send(.choices(chosen))
    }
  }

  private mutating func typed(_ text: String) async {
    if screen.phase == .advice {
      await dismissAdvice()
      return
    }
    let words = text.trimmingCharacters()
    if loop.settings.plain {
      if words.isEmpty {
        write(plain.repeated(screen).joined(separator: "\n") + "\n")
        await keyboard.set(mode)
        return
      }
      // In plain mode numbers choose, as the keys do on the full screen.
      if let question = screen.question, !question.choices.isEmpty {
        let numbers = words.split(whereSeparator: { $0 == " " || $0 == "," }).map { Int($0) }
        if !numbers.isEmpty,
          numbers.allSatisfy({ $0.map { (1...question.choices.count).contains($0) } ?? false })
        {
          let ids = numbers.compactMap { $0 }.map { question.choices[$0 - 1].id }
          if question.takesSeveral || ids.count == 1 {
            await send(.choices(ids))
            return
          }
        }
      }
    }
    guard !words.isEmpty, screen.phase == .conversation else {
      await draw()
      return
    }
    await send(.text(text))
  }

  private mutating func send(_ message: ClientMessage) async {
    unconfirmed = (screen.question, message)
    screen.patientAnswered()
    waitingForServer = true
    await keyboard.set(.off)
    await outbox?.send(message)
  }

  private mutating func dismissAdvice() async {
    write(loop.settings.plain ? "\n" : FullScreenRenderer.clearAll)
    screen.dismissAdvice()
    touched = false
    waitingForServer = false
    await draw()
  }

  private mutating func checkIdle() async {
    guard touched, ContinuousClock.now - lastKey >= loop.idle else { return }
    touched = false
    switch screen.phase {
    case .advice:
      logger.info("idle: advice cleared for the next patient")
      await dismissAdvice()
    case .conversation where screen.session != nil:
      logger.info("idle: conversation abandoned", metadata: ["session": "\(screen.session ?? "")"])
      unconfirmed = nil
      await outbox?.send(.command("quit"))
    default:
      break
    }
  }

  // MARK: The server

  private mutating func handle(_ event: LinkEvent) async {
    switch event {
    case .connected(let outbox, _):
      self.outbox = outbox
      lostAt = nil
      generation += 1
      screen.serverAvailable()
    case .lost:
      guard outbox != nil || lostAt == nil else { return }
      outbox = nil
      lostAt = .now
      schedule(.unavailable, after: loop.patience)
    case .resumeRefused:
      screen.forgetConversation()
      unconfirmed = nil
    case .refused:
      outbox = nil
      screen.refused()
      await draw()
    case .message(let message):
      await receive(message)
    }
  }

  private mutating func receive(_ message: ServerMessage) async {
    let before = screen
    if case .reset = message, screen.phase != .advice {
      write(loop.settings.plain ? "\n" : FullScreenRenderer.clearAll)
    }
    if case .hello(let hello) = message, hello.session != screen.session, screen.phase != .advice {
      touched = false
    }
    screen.receive(message)
    switch message {
    case .ask(let ask):
      waitingForServer = false
      // The resumed conversation asks again the question whose answer was lost with the connection.
      if let (question, answer) = unconfirmed, question == ask {
        unconfirmed = nil
        logger.info("answer resent after resuming")
        await send(answer)
        return
      }
      unconfirmed = nil
    case .result, .bye, .reset:
      waitingForServer = false
      unconfirmed = nil
    case .error:
      waitingForServer = false
    default:
      break
    }
    // A server's turn ends with a question, a bye or the final advice: the screen is drawn once then,
    // not once for every line of the turn.
    let endsTurn =
      switch message {
      case .ask, .bye: true
      case .result(let advice): advice.final
      default: false
      }
    if screen != before && (endsTurn || (screen.phase != before.phase && screen.phase != .conversation)) {
      await draw()
    }
  }

  // MARK: Drawing

  private var logger: Logger { loop.logger }

  private mutating func schedule(_ timer: KioskTimer, after delay: Duration) {
    generation += 1
    let generation = generation
    let sink = sink
    Task {
      try? await Task.sleep(for: delay)
      sink.yield(.timer(timer, generation: generation))
    }
  }

  /// Draws the screen, with the keyboard stopped meanwhile, then reads as the screen asks.
  private mutating func draw(clearingAll: Bool = false) async {
    await keyboard.set(.off)
    if loop.settings.plain {
      let lines = plain.update(screen)
      if !lines.isEmpty { write(lines.joined(separator: "\n") + "\n") }
    } else {
      let renderer = FullScreenRenderer(settings: loop.settings, width: Self.terminalWidth)
      write((clearingAll ? FullScreenRenderer.clearAll : "") + renderer.render(screen))
    }
    await keyboard.set(mode)
  }

  private var mode: InputMode {
    if waitingForServer { return .off }
    if loop.settings.plain { return .line(prompt: "> ") }
    switch screen.phase {
    case .conversation:
      guard let question = screen.question else { return .keys(typing: false) }
      return question.choices.isEmpty ? .line(prompt: "> ") : .keys(typing: true)
    case .advice, .connecting, .unavailable, .refused:
      return .keys(typing: false)
    }
  }

  /// Straight to the terminal (libedit flushes its own output before it returns).
  func write(_ text: String) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
      let written = bytes.withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { return }
      bytes = bytes.dropFirst(written)
    }
  }

  private static var terminalWidth: Int {
    var size = winsize()
    guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 else { return 80 }
    return min(Int(size.ws_col), 100)
  }
}

extension String {
  fileprivate func trimmingCharacters() -> String {
    String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
  }
}
