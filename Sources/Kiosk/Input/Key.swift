/// A key the kiosk acts on, decoded from the terminal's bytes.
public enum Key: Sendable, Equatable {
  case digit(Int)
  case up
  case down
  case enter
  case space
  /// Esc: the named key for going back one question.
  case back
  /// F5: the named key for starting the conversation over.
  case startOver
  /// A printable character: the patient begins typing an answer.
  case character(Character)
  /// Anything else (other function keys, control characters): ignored.
  case other
}
