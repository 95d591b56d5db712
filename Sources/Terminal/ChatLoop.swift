import Consultation
import DialogEngine

/// Runs one consultation at the terminal: reads lines, shows replies, and ends politely on Ctrl-D or at
/// the end of piped input. All medical decisions are the engine's; this only carries text.
public struct ChatLoop<Source: LineSource> {
  public var source: Source
  public var renderer: TextRenderer
  public var prompt: String
  /// Whether to repeat each patient line after the prompt: piped input is not shown by a terminal, and
  /// the output should read as the conversation it was.
  public var echo: Bool
  public var write: (String) -> Void

  public init(
    source: Source, renderer: TextRenderer, prompt: String, echo: Bool = false,
    write: @escaping (String) -> Void
  ) {
    self.source = source
    self.renderer = renderer
    self.prompt = prompt
    self.echo = echo
    self.write = write
  }

  public mutating func run(_ consultation: Consultation) {
    var commands: [String] { consultation.dialog.language.commands.values.compactMap(\.first).sorted() }
    show(consultation.takeOpening(), commands: commands)
    while consultation.isActive {
      switch source.next(prompt: prompt) {
      case .line(let text):
        if echo { write("> " + text) }
        show(consultation.reply(text), commands: commands)
      case .interrupted:
        write("")
      case .tooLong:
        write(consultation.dialog.messages.notice(.lineTooLong, ["limit": String(source.limit)]))
      case .invalidText:
        write(consultation.dialog.messages.notice(.invalidText))
      case .end:
        write(consultation.dialog.messages.goodbye)
        consultation.close()
      }
    }
  }

  private mutating func show(_ events: [Event], commands: [String]) {
    for event in events {
      if let text = renderer.render(event) { write(text) }
      if case .ask(let question) = event {
        source.offer(completions: Completions.words(for: question, commands: commands))
      }
    }
  }
}
