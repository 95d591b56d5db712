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
    let desk = options.desk
    let all = try desk.archive.sessionPaths().map { path throws in desk.entry(try Transcript.read(path: path))
    }
    Console.write(ReviewStats(all, since: start).render(order: desk.urgency), terminator: "")
  }
}

struct ReviewVerifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Check transcripts for edits, deletions, reordering and truncation; exit 1 if any is found.")

  @Argument(help: "A session id; or use --all.")
  var session: String?

  @Flag(help: "Check every transcript.")
  var all = false

  @OptionGroup var options: ReviewOptions

  func validate() throws {
    if (session == nil) == !all { throw ValidationError("give a session id or --all") }
  }

  func run() throws {
    let archive = options.desk.archive
    let paths: [String]
    if let session {
      guard let path = archive.path(of: session) else { throw ValidationError("no session \(session)") }
      paths = [path]
    } else {
      paths = archive.sessionPaths()
    }
    var tampered = 0
    // Paths come in time order, a day's together: each day's index is read once, and only one is held.
    var day: (folder: String, index: DayIndex)?
    for path in paths {
      let transcript = try Transcript.read(path: path)
      let folder = DayIndex.folder(of: transcript)
      if day?.folder != folder { day = (folder, DayIndex(folder: folder)) }
      let problems = archive.verify(transcript, against: day!.index)
      if problems.contains(where: \.isTampering) { tampered += 1 }
      Console.write(
        "\(transcript.session): "
          + (problems.isEmpty ? "ok" : problems.map(\.description).joined(separator: "; ")))
    }
    Console.write("\(paths.count) checked, \(tampered) with signs of tampering")
    if tampered > 0 { throw ExitCode.failure }
  }
}
