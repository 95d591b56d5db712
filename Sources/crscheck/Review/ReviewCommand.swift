import ArgumentParser
import Foundation
import Review
import Terminal
import TranscriptStore

/// Options every review subcommand takes.
struct ReviewOptions: ParsableArguments {
  @OptionGroup var store: StoreOptions

  @Option(help: "Who is reviewing, for the audit log (default: $USER).")
  var by = ProcessInfo.processInfo.environment["USER"] ?? "unknown"

  /// The desk over the store, opened once for the process.
  var desk: ReviewDesk {
    get throws { ReviewDesk(library: try StoreConnection.shared(try store.location).library) }
  }
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
