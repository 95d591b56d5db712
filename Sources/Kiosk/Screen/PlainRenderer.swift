/// `--plain`, for screen readers and braille displays: each thing said is printed once, as lines, with no
/// clearing and no cursor movement; what was already printed is never printed again unless asked for.
public struct PlainRenderer: Sendable {
  public var settings: KioskSettings
  private var printed = Printed()

  private struct Printed: Equatable {
    var session: String?
    var lines: [String] = []
    var question: ServerMessage.Ask?
    var advice: ServerMessage.Advice?
    var problem: String?
    var phase: Screen.Phase = .connecting
  }

  public init(settings: KioskSettings) {
    self.settings = settings
  }

  /// The lines to print for what changed since the last call.
  public mutating func update(_ screen: Screen) -> [String] {
    var out: [String] = []
    let words = screen.kioskWords
    defer {
      printed.phase = screen.phase
      printed.session = screen.session
    }
    if screen.phase != printed.phase {
      switch screen.phase {
      case .unavailable:
        printed.question = nil
        return [words.unavailable] + (settings.helpLine.map { [$0] } ?? [])
      case .refused:
        return [settings.staffMessage(words), words.unavailable]
      default: break
      }
    }
    if screen.session != printed.session {
      printed.lines = []
      printed.question = nil
      printed.advice = nil
    }
    var fresh = screen.lines
    if screen.lines.starts(with: printed.lines) { fresh = Array(screen.lines.dropFirst(printed.lines.count)) }
    out += fresh
    printed.lines = screen.lines
    if let problem = screen.problem, problem != printed.problem { out.append(problem) }
    printed.problem = screen.problem
    if let advice = screen.advice, advice != printed.advice {
      out += [advice.label.uppercased(), advice.advice] + (settings.helpLine.map { [$0] } ?? [])
    }
    printed.advice = screen.advice
    if screen.phase == .advice, printed.phase != .advice { out.append(words.finish) }
    if let question = screen.question, question != printed.question || !fresh.isEmpty {
      out += Self.question(question, words)
    }
    printed.question = screen.question
    return out
  }

  /// The question now standing, again (an empty line asks for it).
  public func repeated(_ screen: Screen) -> [String] {
    screen.question.map { Self.question($0, screen.kioskWords) } ?? []
  }

  private static func question(_ question: ServerMessage.Ask, _ words: KioskWords) -> [String] {
    [question.text] + question.choices.enumerated().map { "\($0.offset + 1)) \($0.element.label)" }
      + [words.repeatQuestion]
  }
}
