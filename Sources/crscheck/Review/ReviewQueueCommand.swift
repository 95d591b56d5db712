import ArgumentParser
import Foundation
import Review

struct ReviewQueueCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "queue", abstract: "Sessions not yet signed off, most urgent first, then oldest first.")

  @OptionGroup var options: ReviewOptions

  func run() throws {
    let entries = try options.desk.queue()
    if entries.isEmpty {
      Console.write("Nothing to review.")
      return
    }
    Console.write(
      "time                  session                             channel     therapy            days  disposition grade red flags"
    )
    for entry in entries {
      let fields = [
        (entry.started.map { $0.formatted(Date.ISO8601FormatStyle()) } ?? "?", 22),
        (entry.session, 36), (entry.channel, 12), (entry.therapy ?? "-", 19),
        (entry.daysSinceTherapy.map { String(Int($0.rounded())) } ?? "-", 6),
        (entry.outcomeShown, 12), (entry.severity.map { String($0.grade) } ?? "-", 6),
      ]
      let line =
        fields.map { $0.0.padding(toLength: $0.1, withPad: " ", startingAt: 0) }.joined()
        + entry.redFlags.joined(separator: ", ")
      // Every field comes from a transcript file, which could have been edited.
      Console.write(SafeText.neutralised(line.replacingOccurrences(of: "\n", with: " ")))
    }
  }
}
