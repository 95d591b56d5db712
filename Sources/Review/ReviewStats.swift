import Foundation
import TranscriptStore

/// Counts of sessions by disposition, by day and by kiosk (or channel), for sizing and for audit.
public struct ReviewStats: Sendable {
  public var byDisposition: [String: Int] = [:]
  public var byDay: [String: [String: Int]] = [:]
  public var byKiosk: [String: [String: Int]] = [:]
  public var total = 0
  /// Each disposition's level, as its transcripts recorded it, to order the columns by urgency.
  public var levels: [String: Int] = [:]

  public init(_ entries: [ReviewDesk.Entry], since: Date? = nil) {
    for entry in entries {
      guard let started = entry.started, since.map({ started >= $0 }) ?? true else { continue }
      let disposition = entry.disposition ?? "none"
      if let level = entry.level { levels[disposition] = max(levels[disposition] ?? level, level) }
      let day = String(started.formatted(Date.ISO8601FormatStyle().year().month().day()))
      total += 1
      byDisposition[disposition, default: 0] += 1
      byDay[day, default: [:]][disposition, default: 0] += 1
      byKiosk[entry.channel, default: [:]][disposition, default: 0] += 1
    }
  }

  /// A table with a column for each disposition seen, most urgent first.
  public func render() -> String {
    let order = byDisposition.keys.filter { $0 != "none" }.sorted {
      (levels[$0] ?? .min, $1) > (levels[$1] ?? .min, $0)
    }
    let columns = order + ["none"]
    func row(_ name: String, _ counts: [String: Int]) -> String {
      ([name.padding(toLength: 22, withPad: " ", startingAt: 0)]
        + columns.map {
          String(counts[$0] ?? 0).leftPadded(10)
        }).joined()
    }
    var lines = [([String(repeating: " ", count: 22)] + columns.map { $0.leftPadded(10) }).joined()]
    lines.append(row("all", byDisposition))
    lines.append("by day")
    lines += byDay.keys.sorted().map { row("  " + $0, byDay[$0]!) }
    lines.append("by kiosk or channel")
    lines += byKiosk.keys.sorted().map { row("  " + $0, byKiosk[$0]!) }
    // Kiosk and channel names come from transcript files, which could have been edited.
    return SafeText.neutralised(lines.joined(separator: "\n") + "\n")
  }
}

extension String {
  fileprivate func leftPadded(_ width: Int) -> String {
    String(repeating: " ", count: max(0, width - count)) + self
  }
}
