import DialogEngine

/// One of the protocol's two modes: how server messages are written and client lines read. The
/// conversation logic is the same for both; docs/PROTOCOL.md is the reference.
protocol Wire: Sendable {
  /// The first lines of a conversation: its session, the token that resumes it, and its dialog.
  func hello(session: String, resumeToken: String?, dialog: Dialog) -> [String]
  /// The bot's events; a turn that waits for the patient ends with the prompt (text) or the `ask`.
  /// `dialog` is the conversation's, in its language.
  func events(_ events: [Event], in dialog: Dialog) -> [String]
  /// A problem with the last line, in `dialog`'s words, then the question again, so the client knows it
  /// may speak.
  func error(_ error: WireError, question: Question?, dialog: Dialog) -> [String]
  func bye(_ reason: ByeReason, dialog: Dialog) -> [String]
  /// Something the person should know, said before the turn it belongs to, with no question after it.
  func warning(_ error: WireError, dialog: Dialog) -> [String]
  /// Clears the previous patient's conversation off a kiosk.
  func reset() -> [String]
  /// The patient's answer for the engine, from one client line.
  func answer(from line: String, question: Question?, dialog: Dialog) -> Result<Answer, WireError>
}

/// Why a conversation, or a connection, ended.
enum ByeReason: String, Sendable {
  case completed
  case quit
  case idle
  case shutdown
  /// The server is stopping, and the conversation is left open in a store other servers share: the kiosk
  /// resumes it with its token, on another server.
  case restart
  case tooManyErrors = "too_many_errors"
  case turnLimit = "turn_limit"
  case unauthorized
  /// A line took longer than the line timeout to arrive; the connection closes, even a kiosk's.
  case slowLine = "slow_line"
}

/// A client line the server could not use.
enum WireError: Error, Sendable, Equatable {
  case lineTooLong(limit: Int)
  case invalidText
  case badMessage(String)
  case unauthorized
  /// A resumption that could not be made (no such session, a wrong or expired token, an ended conversation):
  /// one answer for all, so guessing learns nothing. A new conversation follows.
  case resumeRefused
  /// The session asked for is being driven by another connection.
  case sessionInUse
  /// The conversation's transcript could not be saved (a full disk, a database gone away); the
  /// conversation and its advice go on.
  case notSaved

  var code: String {
    switch self {
    case .lineTooLong: "line_too_long"
    case .invalidText: "invalid_text"
    case .badMessage: "bad_message"
    case .unauthorized: "unauthorized"
    case .resumeRefused: "resume_refused"
    case .sessionInUse: "session_in_use"
    case .notSaved: "not_saved"
    }
  }

  /// What the person is told, in the dialog's words.
  func message(_ messages: Messages) -> String {
    switch self {
    case .lineTooLong(let limit): messages.notice(.lineTooLong, ["limit": String(limit)])
    case .invalidText: messages.notice(.invalidText)
    case .badMessage(let detail): messages.notice(.badMessage, ["detail": detail])
    case .unauthorized: messages.notice(.notRecognised)
    case .resumeRefused: messages.notice(.resumeRefused)
    case .sessionInUse: messages.notice(.sessionInUse)
    case .notSaved: messages.notice(.notSaved)
    }
  }
}

extension ByeReason {
  /// What a person is told when the connection ends for this reason; every one points to help.
  func words(_ dialog: Dialog) -> String? {
    let messages = dialog.messages
    return switch self {
    case .completed: messages.notice(.byeCompleted)
    case .quit: nil
    case .idle: messages.notice(.byeIdle)
    case .shutdown: messages.notice(.byeShutdown)
    case .restart: messages.notice(.byeRestart)
    case .tooManyErrors: messages.notice(.byeTooManyErrors)
    case .turnLimit: messages.notice(.byeTurnLimit)
    case .unauthorized: messages.notice(.byeUnauthorized)
    case .slowLine: messages.notice(.byeSlowLine)
    }
  }
}
