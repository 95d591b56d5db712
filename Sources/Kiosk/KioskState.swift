import Foundation
import Logging

/// The kiosk as it runs: the screen, the connection of the moment, the answer not yet confirmed, and the
/// rules for keys (see `pressed`). Owned by `KioskLoop`, which feeds it one event at a time.
struct KioskState {
  let loop: KioskLoop
  let keyboard: Keyboard
  let sink: AsyncStream<KioskEvent>.Continuation
  var screen: Screen
  var plain: PlainRenderer
  var outbox: Outbox?
  /// The last answer and the question it answered, until the server replies: sent again if the
  /// connection dropped and the resumed conversation asks that question again.
  var unconfirmed: (question: ServerMessage.Ask?, message: ClientMessage)?
  /// Set by a resumed connection until its first question, the only one that may take `unconfirmed`.
  var resuming = false
  var waitingForServer = false
  var lastKey = ContinuousClock.now
  /// Whether the patient has pressed anything since this conversation's first screen.
  var touched = false
  /// When the screen now shown first appeared: Enter is not taken for a moment after (a second press
  /// meant for the last screen), nor the advice dismissed before it can have been read.
  var shownAt = ContinuousClock.now
  /// Digits typed in quick succession make one number (choice 12 is "1" then "2").
  var digits = ""
  var lastDigit = ContinuousClock.now
  /// Numbers the drops and the answers sent, so that a timer from an earlier one is ignored.
  var drops = 0
  var sends = 0
  /// Keys read for a screen older than this generation of the keyboard were meant for another screen.
  var keysValidFrom = 0
  var connected = false
  /// Set by a reset: the next screen also clears the scroll-back.
  var clearScrollBack = true

  static let enterGuard: Duration = .milliseconds(300)
  static let adviceGuard: Duration = .seconds(1)
  static let digitWindow: Duration = .seconds(1)

  init(loop: KioskLoop, keyboard: Keyboard, sink: AsyncStream<KioskEvent>.Continuation) {
    self.loop = loop
    self.keyboard = keyboard
    self.sink = sink
    screen = Screen(words: loop.words)
    plain = PlainRenderer(settings: loop.settings)
  }

  private var logger: Logger { loop.logger }

  mutating func start() async {
    waitForServer()
    await draw(fresh: true)
  }

  /// The kiosk stops: nothing of a conversation stays on its screen.
  mutating func stop() async {
    logger.info("kiosk stopping")
    await keyboard.set(.off)
    write(loop.settings.plain ? "\n" : FullScreenRenderer.clearAll + FullScreenRenderer.showCursor)
  }

  /// Handles one event; false when the kiosk should stop.
  mutating func handle(_ event: KioskEvent) async -> Bool {
    switch event {
    case .stop:
      return false
    case .input(let stamped):
      if stamped.event == .closed { return false }
      guard stamped.generation >= keysValidFrom else { return true }
      lastKey = .now
      touched = true
      await handle(stamped.event)
      // A named key that ended a line leaves the keyboard off: it reads again unless a screen is awaited.
      if case .key = stamped.event, keyboard.mode == .off, !waitingForServer { await keyboard.set(mode) }
    case .link(let event):
      await handle(event)
    case .patienceOver(let drop):
      guard drop == drops, !connected else { return true }
      screen.serverUnavailable()
      await draw(fresh: true)
    case .replyOverdue(let sent):
      guard sent == sends, waitingForServer else { return true }
      logger.warning("no reply from the server", metadata: ["session": "\(screen.session ?? "")"])
      screen.serverUnavailable()
      await draw(fresh: true)
    case .tick:
      await checkIdle()
    case .resized:
      await draw()
    }
    return true
  }

  // MARK: The patient

  private mutating func handle(_ input: InputEvent) async {
    switch input {
    case .line(let text): await typed(text)
    case .key(let key): await pressed(key)
    case .typing: if !loop.settings.plain { write(FullScreenRenderer.showCursor) }
    case .activity, .closed: break
    }
  }

  /// Keys on a question: a number or the arrows move the highlight (a number checks or unchecks a
  /// findings choice), Space checks, Enter sends; Esc and F5 are back and start over. Nothing is sent
  /// by a number alone, so a key meant for the last screen can at most move a highlight on this one.
  private mutating func pressed(_ key: Key) async {
    let sinceShown = ContinuousClock.now - shownAt
    if screen.phase == .advice {
      if key == .enter, sinceShown >= Self.adviceGuard { await dismissAdvice() }
      return
    }
    guard screen.phase == .conversation, !waitingForServer, let question = screen.question else { return }
    switch key {
    case .back:
      await send(.command("back"))
    case .startOver:
      await send(.command("restart"))
    case .up, .down:
      screen.move(by: key == .up ? -1 : 1)
      await draw()
    case .space:
      screen.toggle()
      await draw()
    case .digit(let digit):
      choose(digit, in: question)
      await draw()
    case .enter:
      guard sinceShown >= Self.enterGuard else { return }
      if let chosen = screen.chosen {
        await send(.choices(chosen))
      } else {
        // A findings question with nothing checked: the patient says it in words.
        if !loop.settings.plain { write(FullScreenRenderer.showCursor) }
        await keyboard.set(.line(prompt: "> "))
      }
    case .character, .other:
      break
    }
  }

  /// A digit extends the number typed just before it when that makes a choice (1, then 2: choice 12),
  /// undoing what the shorter number did; otherwise it begins a new number.
  private mutating func choose(_ digit: Int, in question: ServerMessage.Ask) {
    let extended = digits + String(digit)
    let recent = ContinuousClock.now - lastDigit < Self.digitWindow
    lastDigit = .now
    if recent, !digits.isEmpty, let number = Int(extended), (1...question.choices.count).contains(number) {
      if question.takesSeveral, let previous = Int(digits) { screen.pick(number: previous) }
      digits = extended
      screen.pick(number: number)
    } else {
      digits = String(digit)
      screen.pick(number: digit)
    }
  }

  private mutating func typed(_ text: String) async {
    if screen.phase == .advice {
      if ContinuousClock.now - shownAt >= Self.adviceGuard { await dismissAdvice() } else { await draw() }
      return
    }
    let words = text.trimmingCharacters(in: .whitespaces)
    if loop.settings.plain, screen.phase == .conversation, let question = screen.question {
      if words.isEmpty {
        write(plain.repeated(screen).joined(separator: "\n") + "\n")
        await keyboard.set(mode)
        return
      }
      // In plain mode numbers choose, as the keys do on the full screen.
      if let ids = Self.choices(words, of: question) {
        await send(.choices(ids))
        return
      }
    }
    guard !words.isEmpty, screen.phase == .conversation, screen.question != nil else {
      await draw()
      return
    }
    await send(.text(text))
  }

  /// "2", or "1 3" for a findings question: the choices those numbers name, if they all do.
  private static func choices(_ words: String, of question: ServerMessage.Ask) -> [String]? {
    guard !question.choices.isEmpty else { return nil }
    let numbers = words.split(whereSeparator: { $0 == " " || $0 == "," }).map { Int($0) }
    let valid = numbers.compactMap { $0 }.filter { (1...question.choices.count).contains($0) }
    guard !numbers.isEmpty, valid.count == numbers.count, question.takesSeveral || valid.count == 1
    else { return nil }
    return valid.map { question.choices[$0 - 1].id }
  }

  private mutating func send(_ message: ClientMessage) async {
    unconfirmed = (screen.question, message)
    digits = ""
    screen.patientAnswered()
    waitingForServer = true
    await keyboard.set(.off)
    await outbox?.send(message)
    sends += 1
    schedule(.replyOverdue(sent: sends), after: .seconds(10))
  }

  private mutating func dismissAdvice() async {
    screen.dismissAdvice()
    keyboard.forgetEditing()
    touched = false
    waitingForServer = false
    clearScrollBack = true
    await draw(fresh: true)
  }

  /// A patient who walked away: the advice is cleared, a conversation in progress is ended (the server
  /// starts the next), and with no server the last one is forgotten, never resumed for someone else.
  private mutating func checkIdle() async {
    guard touched, ContinuousClock.now - lastKey >= loop.idle else { return }
    touched = false
    unconfirmed = nil
    if screen.phase == .advice {
      logger.info("idle: advice cleared for the next patient")
      await dismissAdvice()
      return
    }
    guard screen.session != nil else { return }
    logger.info("idle: conversation abandoned", metadata: ["session": "\(screen.session ?? "")"])
    loop.link.ticket.letGo()
    let ending = screen.phase == .conversation ? outbox : nil
    // Nothing of the conversation stays on screen, whether or not the server hears of it.
    screen.abandon()
    keyboard.forgetEditing()
    waitingForServer = false
    clearScrollBack = true
    await draw(fresh: true)
    await ending?.send(.command("quit"))
  }

  // MARK: The server

  private mutating func handle(_ event: LinkEvent) async {
    switch event {
    case .connected(let outbox, let resumed):
      self.outbox = outbox
      connected = true
      resuming = resumed
      let before = screen.phase
      screen.serverAvailable()
      if screen.phase != before { await draw(fresh: true) }
    case .lost:
      guard connected || outbox != nil else { return }
      outbox = nil
      connected = false
      waitForServer()
    case .resumeRefused:
      screen.conversationLost()
      unconfirmed = nil
    case .refused:
      outbox = nil
      connected = false
      screen.refused()
      await draw(fresh: true)
    case .message(let message):
      await receive(message)
    }
  }

  private mutating func waitForServer() {
    drops += 1
    schedule(.patienceOver(drop: drops), after: loop.patience)
  }

  private func schedule(_ event: KioskEvent, after delay: Duration) {
    let sink = sink
    Task {
      try? await Task.sleep(for: delay)
      sink.yield(event)
    }
  }

  private mutating func receive(_ message: ServerMessage) async {
    let before = screen
    if case .reset = message, screen.phase != .advice { clearScrollBack = true }
    if case .hello(let hello) = message, hello.session != screen.session, screen.phase != .advice {
      touched = false
      keyboard.forgetEditing()
    }
    screen.receive(message)
    var force = false
    switch message {
    case .ask(let ask):
      waitingForServer = false
      digits = ""
      // The resumed conversation asks again the question whose answer was lost with the connection.
      if resuming, let (question, answer) = unconfirmed, question == ask {
        resuming = false
        logger.info("answer sent again after resuming")
        await draw(fresh: true)
        await send(answer)
        return
      }
      force = resuming
      resuming = false
      unconfirmed = nil
    case .result, .bye, .reset, .error:
      waitingForServer = false
      unconfirmed = nil
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
    let phaseChanged = screen.phase != before.phase && screen.phase != .conversation
    if force || (screen != before && (endsTurn || phaseChanged)) {
      await draw(fresh: screen.question != before.question || screen.phase != before.phase)
    }
  }

  // MARK: Drawing

  /// Draws the screen with the keyboard stopped meanwhile, then reads as the screen asks. A `fresh`
  /// screen (a new question, the advice) discards keys pressed before it appeared.
  private mutating func draw(fresh: Bool = false) async {
    let off = await keyboard.set(.off, discardingTypeAhead: fresh)
    if fresh {
      shownAt = .now
      keysValidFrom = off
    }
    if loop.settings.plain {
      let lines = plain.update(screen)
      if !lines.isEmpty { write(lines.joined(separator: "\n") + "\n") }
    } else {
      let renderer = FullScreenRenderer(settings: loop.settings, width: Self.terminalWidth)
      // The cursor shows only where the patient can type.
      let cursor =
        if case .line = mode { FullScreenRenderer.showCursor } else { FullScreenRenderer.hideCursor }
      write((clearScrollBack ? FullScreenRenderer.clearAll : "") + renderer.render(screen) + cursor)
    }
    clearScrollBack = false
    await keyboard.set(mode)
  }

  private var mode: InputMode {
    if waitingForServer { return .off }
    if loop.settings.plain { return .line(prompt: "> ") }
    switch screen.phase {
    case .conversation:
      guard let question = screen.question else { return .keys(typing: false) }
      if question.choices.isEmpty { return .line(prompt: "> ") }
      // Words typed on a findings question would be sent instead of its checked boxes, so typing
      // begins only while none is checked.
      return .keys(typing: !question.takesSeveral || screen.checked.isEmpty)
    case .advice, .connecting, .unavailable, .refused:
      return .keys(typing: false)
    }
  }

  /// Straight to the terminal (libedit flushes its own output before it returns).
  private func write(_ text: String) {
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
