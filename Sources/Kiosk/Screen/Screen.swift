/// What the patient sees, as a value: built from the server's messages and the patient's keys, drawn by a
/// renderer. Pure, so every rule of what is shown when is testable without a terminal or a socket.
public struct Screen: Sendable, Equatable {
  public enum Phase: Sendable, Equatable {
    /// Before the first hello of a conversation.
    case connecting
    case conversation
    /// The final advice is on screen and stays until the patient dismisses it (or the kiosk's idle time).
    case advice
    /// No server answers: the steady screen with the emergency number.
    case unavailable
    /// The server refused this kiosk's identity: a message for staff (and the emergency number).
    case refused
  }

  public private(set) var phase: Phase = .connecting
  /// The bot's words on this screen, oldest first.
  public private(set) var lines: [String] = []
  public private(set) var question: ServerMessage.Ask?
  /// The highlighted choice (arrow keys) and, for a findings question, the checked ones.
  public private(set) var highlighted = 0
  public private(set) var checked: Set<Int> = []
  /// The most urgent advice given so far in this conversation; kept on screen as the questions go on.
  public private(set) var advice: ServerMessage.Advice?
  /// A problem with the last line, in the dialog's words (too long, unreadable, not saved).
  public private(set) var problem: String?
  public private(set) var language: String?
  public private(set) var words: [String: KioskWords]
  public private(set) var session: String?
  public private(set) var resumeToken: String?
  /// What the server already sent for the next patient while this one's advice is still on screen.
  public private(set) var waiting: [ServerMessage] = []
  /// Set when the patient has answered: the next words from the server begin a new screen.
  private var answered = false
  /// The lines said while the question stood, outside the turn (see `.say`).
  private var aside: [String] = []
  /// Set when a dropped conversation could not be taken up again (see `conversationLost`).
  private var lostConversation = false

  /// `words` are the kiosk's own words from the local dialog, shown until a server's hello replaces them.
  public init(words: [String: KioskWords], language: String? = nil) {
    self.words = words
    self.language = language
  }

  /// The kiosk's words in the conversation's language (or English, or the first one known).
  public var kioskWords: KioskWords {
    // Any gap is filled from a language that has the unavailable screen's words (English first).
    let fallback = (["en"] + words.keys.sorted()).compactMap { words[$0] }.first(where: \.isUsable)
    let chosen = language.flatMap { words[$0] } ?? words["en"] ?? fallback ?? KioskWords(notices: [:])
    return fallback.map { chosen.filled(from: $0) } ?? chosen
  }

  /// Takes one message from the server.
  public mutating func receive(_ message: ServerMessage) {
    if phase == .advice {
      // The advice stays until dismissed; the next conversation waits behind it.
      switch message {
      case .hello, .say, .ask, .result, .error: waiting.append(message)
      case .reset, .bye, .other: break
      }
      return
    }
    switch message {
    case .hello(let hello):
      words.merge(hello.words) { known, new in new.filled(from: known) }
      if hello.session != session {
        // A new conversation (not this one resumed): nothing of the last one stays, but the patient
        // is told when theirs could not be taken up again.
        clear()
        session = hello.session
        if lostConversation { lines.append(kioskWords.lost) }
        lostConversation = false
      }
      resumeToken = hello.resumeToken
      phase = .conversation
    case .say(let text):
      beginScreenIfAnswered()
      // Words while a question stands unanswered are the server's own (it is stopping, or the
      // conversation timed out), said just before its bye.
      if question != nil { aside.append(text) }
      lines.append(text)
    case .ask(let ask):
      beginScreenIfAnswered()
      question = ask
      if let language = ask.language { self.language = language }
      highlighted = 0
      checked = []
      phase = .conversation
    case .result(let given):
      beginScreenIfAnswered()
      advice = given
      if given.final {
        phase = .advice
        question = nil
        resumeToken = nil
      }
    case .error(let code, let message):
      // The answer could not be taken: its question comes again, with this said above it.
      beginScreenIfAnswered()
      if ["line_too_long", "invalid_text", "not_saved"].contains(code) { problem = message }
    case .reset:
      clear()
      phase = .connecting
    case .bye(let reason):
      if reason == "restart" {
        // The conversation goes on elsewhere with its token: the server's words (to connect again and
        // type a code) are for people at a bare terminal, not for a kiosk, which does that itself.
        lines.removeLast(aside.count)
      } else {
        // The conversation is over: its question cannot be answered any more; what the server said
        // stays until the next conversation begins.
        resumeToken = nil
        question = nil
        if advice != nil && reason == "completed" { phase = .advice }
      }
      aside = []
    case .other:
      break
    }
  }

  /// The patient has dismissed the advice: the screen is cleared and the next conversation, if the
  /// server already began it, is shown. Returns whether anything was waiting.
  @discardableResult
  public mutating func dismissAdvice() -> Bool {
    let next = waiting
    clear()
    phase = .connecting
    for message in next { receive(message) }
    return !next.isEmpty
  }

  /// The patient sent an answer or a command.
  public mutating func patientAnswered() {
    answered = true
    problem = nil
  }

  /// No server could be reached for a while; the question stays known for when one answers again.
  public mutating func serverUnavailable() {
    if phase != .advice && phase != .refused { phase = .unavailable }
  }

  /// A server answers again (and has taken this kiosk): the screen as it was comes back.
  public mutating func serverAvailable() {
    if phase == .unavailable || phase == .refused { phase = question == nil ? .connecting : .conversation }
  }

  public mutating func refused() { phase = .refused }

  /// The conversation could not be resumed: the next hello starts afresh, saying so.
  public mutating func conversationLost() {
    session = nil
    resumeToken = nil
    lostConversation = true
  }

  /// The patient left while no server answered: nothing of their conversation stays on screen, and the
  /// next server's hello begins a new one.
  public mutating func abandon() {
    clear()
    lostConversation = false
    if phase != .unavailable && phase != .refused { phase = .connecting }
  }

  public mutating func move(by step: Int) {
    guard let count = question?.choices.count, count > 0 else { return }
    highlighted = min(max(highlighted + step, 0), count - 1)
  }

  /// The choice numbered `number` (from 1) is highlighted and, for a findings question, checked or
  /// unchecked. Returns false when there is no such choice.
  @discardableResult
  public mutating func pick(number: Int) -> Bool {
    guard let question, !question.choices.isEmpty, (1...question.choices.count).contains(number) else {
      return false
    }
    highlighted = number - 1
    if question.takesSeveral { toggle() }
    return true
  }

  public mutating func toggle() {
    guard question?.takesSeveral == true else { return }
    if checked.contains(highlighted) { checked.remove(highlighted) } else { checked.insert(highlighted) }
  }

  /// The choice ids Enter sends now: the highlighted one, or the checked ones of a findings question
  /// (nil when none is checked: the patient types instead).
  public var chosen: [String]? {
    guard let question, !question.choices.isEmpty else { return nil }
    if question.takesSeveral {
      return checked.isEmpty ? nil : checked.sorted().map { question.choices[$0].id }
    }
    return [question.choices[highlighted].id]
  }

  private mutating func beginScreenIfAnswered() {
    guard answered else { return }
    answered = false
    aside = []
    lines = []
    question = nil
    problem = nil
  }

  private mutating func clear() {
    lines = []
    question = nil
    advice = nil
    problem = nil
    session = nil
    resumeToken = nil
    waiting = []
    answered = false
    aside = []
    highlighted = 0
    checked = []
  }
}
