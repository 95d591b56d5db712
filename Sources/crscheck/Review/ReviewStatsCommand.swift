import ArgumentParser
import Foundation
import Review
import TranscriptStore

struct ReviewStatsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stats", abstract: "Counts by disposition, per day and per kiosk.")

  @Option(help: "Only sessions started on or after this date (YYYY-MM-DD, UTC).")
  var since: String?

  @OptionGroup var options: ReviewOptions

  func run() throws {
    var start: Date?
    if let since {
      guard let date = try? Date.ISO8601FormatStyle().year().month().day().parse(since) else {
        throw ValidationError("--since takes a date such as 2026-11-01")
      }
      start = date
    }
    let desk = try options.desk
    let all = try desk.library.transcripts().map(desk.entry)
    Console.write(ReviewStats(all, since: start).render(), terminator: "")
  }
}
