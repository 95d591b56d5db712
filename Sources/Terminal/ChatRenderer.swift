import DialogEngine

/// Turns engine events into terminal text. The most urgent advice stands out in bold red when colour is
/// on, which the caller allows only on a terminal and never with NO_COLOR set.
public struct ChatRenderer: Sendable {
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

  /// Words Tab can complete for a question: its options' labels, the names inside them ("Kymriah"),
  /// and the commands.
  public static func completions(for question: Question, commands: [String]) -> [String] {
    let labels = question.options.map(\.label)
    let names = labels.flatMap { label in
      label.split { !$0.isLetter && !$0.isNumber && $0 != "-" }.map(String.init).filter { $0.count >= 4 }
    }
    var seen = Set<String>()
    return (labels + names + commands).filter { seen.insert($0).inserted }
  }

  private func style(_ text: String, _ code: String) -> String {
    colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }
}
