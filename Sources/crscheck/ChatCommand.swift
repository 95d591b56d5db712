import ArgumentParser
import Consultation
import DialogEngine
import Terminal
import TranscriptStore

struct ChatCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "chat",
    abstract: "Talk through symptoms at the terminal and get advice on what to do.",
    discussion: """
      At a terminal, lines can be edited and recalled with the arrow keys (the history is never saved),
      Tab completes the choices of the current question, Ctrl-C clears the line and Ctrl-D ends the
      conversation. With input from a pipe, each line is one answer.
      """
  )

  @Option(name: .long, help: "The dialog to run.")
  var dialog = "Dialogs/crs.yaml"

  @OptionGroup var store: StoreOptions

  @Option(help: "When transcript writes are synced to disk: always, batch (every 50 ms) or never.")
  var fsync: SyncPolicy = .batch

  @Flag(name: .long, help: "Never colour the output (as does setting NO_COLOR).")
  var noColor = false

  @Option(
    name: .long,
    help:
      "The language to talk in (a code the dialog has: en, es). Without it the others are offered, and the first line chooses."
  )
  var language: String?

  func run() throws {
    let loaded = try DialogLoader.loadForCommand(path: dialog)
    let engine = Engine(dialog: loaded)
    if let language, !engine.languageCodes.contains(language) {
      throw ValidationError(
        "the dialog has no language `\(language)`; it has \(engine.languageCodes.joined(separator: ", "))")
    }
    let sink = try StoreConnection(store.location, policy: fsync)
    defer { sink.close() }
    // A transcript that cannot be saved must not keep the patient from the advice: the conversation goes
    // on, and standard error says so at once (never with the patient's words).
    let consultation = Consultation(
      engine: engine, transcripts: sink.sink, channel: "terminal", language: language,
      onTranscriptFailure: { failure, _ in
        Console.error("crscheck: warning: this conversation is not being saved: \(failure)")
      })
    let renderer = TextRenderer(colour: !noColor && Console.allowsColour)
    if Console.isInteractive {
      var loop = ChatLoop(
        source: EditLineSource(), renderer: renderer, prompt: "> ", write: { Console.write($0) })
      loop.run(consultation)
    } else {
      var loop = ChatLoop(
        source: StreamLineSource(), renderer: renderer, prompt: "", echo: true, write: { Console.write($0) })
      loop.run(consultation)
    }
    // The advice was given, but the record of it is missing: a script or an operator should know.
    if consultation.transcriptError != nil { throw ExitCode.failure }
  }
}
