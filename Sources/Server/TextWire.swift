import Consultation
import DialogEngine

/// Text mode: the bot's words as plain lines and a prompt line (`> `) when it is the patient's turn,
/// usable with `nc`.
struct TextWire: Wire {
  static let prompt = "> "
  /// Clears the screen and moves the cursor home, so a kiosk's next patient sees nothing of the last.
  static let clearScreen = "\u{1B}[2J\u{1B}[H"

  private let renderer = TextRenderer(colour: false)

  /// The resume code, for a person to note: typed as `RESUME SESSION TOKEN` on a new connection, it takes
  /// the conversation up again.
  func hello(session: String, resumeToken: String?, dialog: Dialog) -> [String] {
    guard let resumeToken else { return [] }
    return [dialog.messages.notice(.resumeCode, ["code": "RESUME \(session) \(resumeToken)"])]
  }

  func events(_ events: [Event], in dialog: Dialog) -> [String] {
    var lines = events.compactMap(renderer.render).flatMap {
      $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
    if case .ask? = events.last { lines.append(Self.prompt) }
    return lines
  }

  func error(_ error: WireError, question: Question?, dialog: Dialog) -> [String] {
    ["! " + error.message(dialog.messages), Self.prompt]
  }

  func warning(_ error: WireError, dialog: Dialog) -> [String] {
    ["! " + error.message(dialog.messages)]
  }

  func bye(_ reason: ByeReason, dialog: Dialog) -> [String] {
    reason.words(dialog).map { [$0] } ?? []
  }

  func reset() -> [String] { [Self.clearScreen] }

  func answer(from line: String, question: Question?, dialog: Dialog) -> Result<Answer, WireError> {
    .success(.text(line))
  }
}
