import ArgumentParser
import Foundation
import Review
import Terminal
import TranscriptStore

/// Options every review subcommand takes.
struct ReviewOptions: ParsableArguments {
  @Option(help: "The transcripts folder.")
  var transcripts = "Transcripts"

  @Option(help: "Who is reviewing, for the audit log (default: $USER).")
  var by = ProcessInfo.processInfo.environment["USER"] ?? "unknown"

  var desk: ReviewDesk { ReviewDesk(root: transcripts) }
}

struct ReviewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "review",
    abstract:
      "Review saved conversations: the queue, reading, sign-off, export, statistics and verification.",
    discussion:
      "With no subcommand at a terminal, an interactive prompt with Tab completion of commands and sessions.",
    subcommands: [
      ReviewQueueCommand.self, ReviewShowCommand.self, ReviewSignCommand.self, ReviewExportCommand.self,
      ReviewStatsCommand.self, ReviewVerifyCommand.self,
    ]
  )

  @OptionGroup var options: ReviewOptions

  func run() throws {
    guard Console.isInteractive else { throw CleanExit.helpRequest(self) }
    ReviewPrompt(options: options).run()
  }
}
