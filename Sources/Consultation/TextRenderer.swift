import DialogEngine

/// Turns engine events into plain text lines, for the terminal and the server's text mode alike. The most
/// urgent advice stands out in bold red when colour is on, which the terminal allows only on a TTY and
/// never with NO_COLOR set.
public struct TextRenderer: Sendable {
  public var colour: Bool

  public init(colour: Bool) {
    self.colour = colour
  }

  public func render(_ event: Event) -> String? {
    switch event {
    case .say(let text):
      return text
    case .ask(let question):
      var lines = [question.text]
      for (number, option) in question.options.enumerated() {
        lines.append("  \(number + 1)) \(option.label)")
      }
      return lines.joined(separator: "\n")
    case .result(let outcome):
      let heading = "*** \(outcome.label.uppercased()) ***"
      let styled = outcome.isMostUrgent ? style(heading, "1;31") : style(heading, "1")
      return "\n\(styled)\n\(outcome.advice)"
    case .bye:
      return nil
    }
  }

  private func style(_ text: String, _ code: String) -> String {
    colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }
}
