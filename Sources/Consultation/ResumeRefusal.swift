/// Why a conversation could not be taken up again. The client is told only that it could not (or, for
/// `inUse`, that another connection holds it), so that guessing tokens learns nothing; the server's log
/// says which, with the session id and never patient text.
public enum ResumeRefusal: Error, Sendable, Equatable, CustomStringConvertible {
  /// No transcript has this id, or it cannot be read.
  case unknownSession
  case wrongToken
  /// The conversation has its end record: it finished, or was closed for good.
  case ended
  /// No line came within the resume window.
  case expired
  /// The transcript's hash chain does not hold, or it ends in a torn line: nothing is built on it.
  case damaged
  /// The conversation was started with another version of the dialog than this server's.
  case dialogChanged
  /// Replaying the patient's answers did not give what the transcript says they were shown.
  case doesNotReplay
  /// Another connection is driving the conversation now.
  case inUse

  public var description: String {
    switch self {
    case .unknownSession: "no such session"
    case .wrongToken: "the resume token does not match"
    case .ended: "the conversation has ended"
    case .expired: "the resume window has passed"
    case .damaged: "the transcript does not verify"
    case .dialogChanged: "the conversation began with another version of the dialog"
    case .doesNotReplay: "replaying the transcript does not give what the patient was shown"
    case .inUse: "another connection holds the conversation"
    }
  }
}
