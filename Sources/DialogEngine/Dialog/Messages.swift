/// What the engine itself says, outside any node: acknowledgements, rephrasing, help. `{items}` and
/// `{examples}` are filled in by the engine.
public struct Messages: Sendable, Hashable {
  /// "I understood: {items}."
  public var understood: String
  /// Before a list of findings some of which were already reported: "You have told me about: {items}."
  public var known: String
  public var notUnderstood: String
  /// "For example: {examples}."
  public var examples: String
  public var choiceHint: String
  public var unknownAccepted: String
  public var help: String
  public var back: String
  public var cannotGoBack: String
  public var restart: String
  public var goodbye: String
  public var ended: String
  /// How a denied finding is shown back: "no {item}".
  public var absent: String
  /// How an uncertain finding is shown back: "maybe {item}".
  public var uncertain: String
  /// How times are shown back: "today", "{days} day ago", "{days} days ago".
  public var today: String
  public var dayAgo: String
  public var daysAgo: String
  /// Words shown back because they were not understood: "I did not understand: {text}."
  public var unread: String
  /// Said when a question could not be answered twice and the conversation goes on without it.
  public var movingOn: String
  /// How a time of less than a day is shown back: "{hours} hours ago".
  public var hoursAgo: String
  /// How a time still to come is shown back: "not yet".
  public var notYet: String
  /// Shown before the first question when no language was chosen, in this language, to offer it.
  public var languageOffer: String
  /// What a front end or the server says when a line cannot be taken or a connection ends (`notices:` in
  /// the messages), each pointing to help, so that no emergency number is written in Swift.
  public var notices: [Notice: String] = [:]

  public enum Notice: String, CaseIterable, Sendable {
    /// `{limit}` is the line limit in bytes.
    case lineTooLong = "line_too_long"
    case invalidText = "invalid_text"
    /// `{detail}` says what was wrong with a JSON message.
    case badMessage = "bad_message"
    case notRecognised = "not_recognised"
    case byeCompleted = "bye_completed"
    case byeIdle = "bye_idle"
    case byeShutdown = "bye_shutdown"
    /// The server stops, and the conversation can be resumed on another.
    case byeRestart = "bye_restart"
    case byeTooManyErrors = "bye_too_many_errors"
    case byeTurnLimit = "bye_turn_limit"
    case byeUnauthorized = "bye_unauthorized"
    case byeSlowLine = "bye_slow_line"
    /// Said to a connection the server cannot take, before it is closed.
    case busy
    /// Shown in text mode at a conversation's start; `{code}` is what to type to resume it.
    case resumeCode = "resume_code"
    case resumeRefused = "resume_refused"
    case sessionInUse = "session_in_use"
    /// Said once in a conversation whose transcript could not be saved; its advice still stands.
    case notSaved = "not_saved"
    /// The kiosk program's own words (`crscheck kiosk`), sent to it in the JSON hello: the screen it shows
    /// while no server answers, with the emergency number; how to choose; its named keys.
    case kioskUnavailable = "kiosk_unavailable"
    case kioskChoose = "kiosk_choose"
    case kioskChooseMany = "kiosk_choose_many"
    case kioskType = "kiosk_type"
    case kioskBack = "kiosk_back"
    case kioskStartOver = "kiosk_start_over"
    /// Under the advice, before the screen is cleared for the next patient.
    case kioskFinish = "kiosk_finish"
    /// `--plain`: how to hear the question again.
    case kioskRepeat = "kiosk_repeat"
    /// Above a new conversation when the last one could not be taken up again after a dropped connection.
    case kioskLost = "kiosk_lost"
    /// For staff, when the server refuses the kiosk's identity; `{kiosk}` is its id.
    case kioskRefused = "kiosk_refused"
  }

  /// The kiosk program's words (the `kiosk_…` notices) by their names in the dialog file, as the server
  /// sends them in its hello and the kiosk reads them from a local dialog.
  public var kioskNotices: [String: String] {
    Dictionary(
      notices.filter { $0.key.rawValue.hasPrefix("kiosk_") }.map { ($0.key.rawValue, $0.value) },
      uniquingKeysWith: { first, _ in first })
  }

  /// The words of `notice` with its placeholders filled; a dialog without them says its goodbye.
  public func notice(_ notice: Notice, _ values: [String: String] = [:]) -> String {
    Wording.fill(notices[notice] ?? goodbye, values)
  }

  public init(
    understood: String, known: String, notUnderstood: String, examples: String, choiceHint: String,
    unknownAccepted: String,
    help: String, back: String, cannotGoBack: String, restart: String, goodbye: String, ended: String,
    absent: String, uncertain: String, today: String, dayAgo: String, daysAgo: String,
    unread: String = "", movingOn: String = "", hoursAgo: String = "", notYet: String = "",
    languageOffer: String = ""
  ) {
    self.understood = understood
    self.known = known
    self.notUnderstood = notUnderstood
    self.examples = examples
    self.choiceHint = choiceHint
    self.unknownAccepted = unknownAccepted
    self.help = help
    self.back = back
    self.cannotGoBack = cannotGoBack
    self.restart = restart
    self.goodbye = goodbye
    self.ended = ended
    self.absent = absent
    self.uncertain = uncertain
    self.today = today
    self.dayAgo = dayAgo
    self.daysAgo = daysAgo
    self.unread = unread
    self.movingOn = movingOn
    self.hoursAgo = hoursAgo
    self.notYet = notYet
    self.languageOffer = languageOffer
  }
}
