/// How the keyboard reads for the screen now shown.
public enum InputMode: Sendable, Equatable {
  /// Not reading: the screen is being drawn, or the kiosk waits for the server's reply. Keys pressed
  /// meanwhile wait in the terminal, and a new screen discards them (see `Keyboard.set`).
  case off
  /// Single keys (choices, arrows, named keys); with `typing`, a printable key begins a typed line.
  case keys(typing: Bool)
  /// A line with libedit's editing, after `prompt`.
  case line(prompt: String)
}
