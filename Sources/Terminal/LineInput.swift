/// What a front end got when it asked for the patient's next line.
public enum LineInput: Sendable, Hashable {
  case line(String)
  /// Ctrl-C: the line being typed is dropped and the question stands.
  case interrupted
  /// Longer than the limit; the whole line was discarded.
  case tooLong
  /// Not UTF-8 text, or holding control bytes; discarded, never echoed or stored.
  case invalidText
  /// Ctrl-D or the end of piped input.
  case end
}
