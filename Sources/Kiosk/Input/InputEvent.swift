/// What the keyboard reports to the kiosk.
public enum InputEvent: Sendable, Equatable {
  case key(Key)
  /// A line typed with line editing (free text, or in `--plain` everything).
  case line(String)
  /// The patient began typing on a screen of choices; the keyboard is now editing a line.
  case typing
  /// A key was pressed while a line is being typed: the patient is still there.
  case activity
  /// The terminal is gone (end of input).
  case closed
}
