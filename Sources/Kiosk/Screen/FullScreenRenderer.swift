/// Draws a `Screen` on a whole terminal: cleared and drawn from the top each time, the bot's words in
/// bold with room around them, choices numbered with the highlighted one reversed, the advice in a
/// coloured band when it is the most urgent, the named keys at the foot. Pure: a screen in, bytes out.
public struct FullScreenRenderer: Sendable {
  public var settings: KioskSettings
  public var width: Int

  public init(settings: KioskSettings, width: Int) {
    self.settings = settings
    self.width = width
  }

  /// Clears the screen and the terminal's scroll-back, so nothing of the last patient can be scrolled to.
  public static let clearAll = "\u{1B}[H\u{1B}[2J\u{1B}[3J"
  static let hideCursor = "\u{1B}[?25l"
  static let showCursor = "\u{1B}[?25h"
  private static let clear = "\u{1B}[H\u{1B}[2J"
  private static let bold = "\u{1B}[1m"
  private static let reverse = "\u{1B}[7m"
  private static let urgent = "\u{1B}[1;97;41m"
  private static let plain = "\u{1B}[0m"
  private static let margin = "  "

  /// The whole screen, leaving the cursor where a typed answer goes.
  public func render(_ screen: Screen) -> String {
    let words = screen.kioskWords
    let textWidth = width - 2 * Self.margin.count
    var out = Self.clear
    func paragraph(_ text: String, style: String = "") {
      for line in TextWrapping.wrap(text, width: textWidth) {
        out += Self.margin + style + line + (style.isEmpty ? "" : Self.plain) + "\n"
      }
      out += "\n"
    }
    out += "\n"
    switch screen.phase {
    case .unavailable:
      paragraph(words.unavailable, style: Self.bold)
      settings.helpLine.map { paragraph($0) }
      return out
    case .refused:
      paragraph(settings.staffMessage(words), style: Self.reverse)
      paragraph(words.unavailable, style: Self.bold)
      return out
    default:
      break
    }
    if let advice = screen.advice {
      // A band across the screen, red for the most urgent advice, so it is seen before it is read.
      let heading = TextWrapping.wrap(advice.label.uppercased(), width: textWidth - 2).map { line in
        " " + line + String(repeating: " ", count: max(0, textWidth - 1 - line.count))
      }
      for line in heading {
        out += Self.margin + (advice.urgent ? Self.urgent : Self.reverse) + line + Self.plain + "\n"
      }
      out += "\n"
      paragraph(advice.advice, style: Self.bold)
      settings.helpLine.map { paragraph($0) }
    }
    if screen.phase == .advice {
      paragraph(words.finish)
      return out
    }
    for line in screen.lines { paragraph(line) }
    if let problem = screen.problem { paragraph(problem, style: Self.reverse) }
    guard let question = screen.question else { return out }
    paragraph(question.text, style: Self.bold)
    let digits = String(question.choices.count).count
    for (index, choice) in question.choices.enumerated() {
      let mark = question.takesSeveral ? (screen.checked.contains(index) ? "[x] " : "[ ] ") : ""
      let number = String(index + 1)
      let label = String(repeating: " ", count: digits - number.count) + "\(number)  \(mark)\(choice.label)"
      out +=
        index == screen.highlighted
        ? Self.margin + Self.reverse + " > " + label + " " + Self.plain + "\n"
        : Self.margin + "   " + label + "\n"
    }
    if !question.choices.isEmpty { out += "\n" }
    paragraph(question.choices.isEmpty ? words.type : question.takesSeveral ? words.chooseMany : words.choose)
    out +=
      Self.margin + Self.reverse + " Esc " + Self.plain + " " + words.back + "      " + Self.reverse + " F5 "
      + Self.plain + " " + words.startOver + "\n\n"
    return out
  }
}
