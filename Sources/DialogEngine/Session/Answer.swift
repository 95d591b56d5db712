/// What a patient answers: words they typed, options they chose from the question by id (a kiosk's
/// buttons), or a command (back, start over). Only typed words go through the understanding; a choice
/// is taken as the option it names, never turned into text and read again.
public enum Answer: Sendable, Hashable {
  case text(String)
  case choices([String])
  case command(Language.Command)
}
