import DialogEngine

/// One of the protocol's two modes: how server messages are written and client lines read. The
/// conversation logic is the same for both; docs/PROTOCOL.md is the reference.
protocol Wire: Sendable {
  /// The first lines of a conversation: its session and dialog.
  func hello(session: String, dialog: Dialog) -> [String]
  /// The bot's events; a turn that waits for the patient ends with the prompt (text) or the `ask`.
  /// `dialog` is the conversation's, in its language.
  func events(_ events: [Event], in dialog: Dialog) -> [String]
  /// A problem with the last line, then the question again, so the client knows it may speak.
  func error(_ error: WireError, question: Question?) -> [String]
  func bye(_ reason: ByeReason, dialog: Dialog) -> [String]
  /// Clears the previous patient's conversation off a kiosk.
  func reset() -> [String]
  /// The patient's text (or command) for the engine, from one client line.
  func patientText(from line: String, question: Question?, dialog: Dialog) -> Result<String, WireError>
}

/// Why a conversation, or a connection, ended.
enum ByeReason: String, Sendable {
  case completed
  case quit
  case idle
  case shutdown
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

  var code: String {
    switch self {
    case .lineTooLong: "line_too_long"
    case .invalidText: "invalid_text"
    case .badMessage: "bad_message"
    case .unauthorized: "unauthorized"
    }
  }

  var message: String {
    switch self {
    case .lineTooLong(let limit):
      "That line is too long (over \(limit) bytes), so it was set aside. Please say it more briefly."
    case .invalidText: "That line held characters that cannot be read, so it was set aside."
    case .badMessage(let detail): "That message could not be understood: \(detail)."
    case .unauthorized: "This kiosk is not recognised."
    }
  }
}

extension ByeReason {
  /// What a person is told when the connection ends for this reason; every one points to help.
  func words(_ dialog: Dialog) -> String? {
    switch self {
    case .completed: "Goodbye."
    case .quit: nil
    case .idle:
      "No answer came for a while, so this conversation has ended. If you have an emergency, call 911; otherwise contact your care team."
    case .shutdown:
      "crscheck is restarting and this conversation has ended. If you have an emergency, call 911 now; otherwise contact your care team or try again in a few minutes."
    case .tooManyErrors:
      "Too many lines could not be read, so this connection is closing. If you have an emergency, call 911."
    case .turnLimit:
      "This conversation has gone on too long to continue here. If you have an emergency, call 911; otherwise contact your care team."
    case .unauthorized:
      "This kiosk is not recognised, so the connection is closing. If this is an emergency, call 911."
    case .slowLine:
      "A line took too long to arrive, so this connection is closing. If you have an emergency, call 911."
    }
  }
}
