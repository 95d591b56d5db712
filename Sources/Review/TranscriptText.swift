import DialogEngine
import Foundation
import TranscriptStore

/// A transcript as a clinician reads it: the header, every line with its time, what the engine took from
/// each patient line beside it, the advice and suspected grade, sign-offs and the integrity check.
public struct TranscriptText: Sendable {
  public var transcript: Transcript
  public var signOffs: [[String: String]]
  public var problems: [TranscriptProblem]

  public init(transcript: Transcript, signOffs: [[String: String]], problems: [TranscriptProblem]) {
    self.transcript = transcript
    self.signOffs = signOffs
    self.problems = problems
  }

  /// The conversation as lines of (time, who, text, notes), shared by the text and HTML exports.
  public var turns: [(time: String, speaker: String, text: String, notes: String?)] {
    transcript.records.compactMap { record in
      let time = Self.time(record.at)
      switch record.type {
      case .patient:
        return (time, "patient", record.text ?? "", record.reading.flatMap(Self.describe))
      case .bot:
        switch record.event {
        case .say(let text)?: return (time, "crscheck", text, nil)
        case .ask(let question)?:
          let options = question.options.enumerated().map { "\($0.offset + 1)) \($0.element.label)" }
          return (time, "crscheck", ([question.text] + options).joined(separator: "\n"), nil)
        case .result(let outcome)?:
          return (time, "crscheck", "ADVICE: \(outcome.label)\n\(outcome.advice)", nil)
        default: return nil
        }
      case .resume:
        return (
          time, "crscheck",
          "(the connection dropped; the conversation was resumed"
            + (record.address.map { " from \($0)" } ?? "") + ")", nil
        )
      case .session, .end:
        return nil
      }
    }
  }

  public var summary: [String] {
    let header = transcript.header
    let outcome = transcript.outcome
    var lines = [
      "Session \(transcript.session)",
      "Channel: \(header?.channel ?? "?")" + (header?.kiosk.map { ", kiosk \($0)" } ?? "")
        + (header?.address.map { ", from \($0)" } ?? ""),
      "Dialog: \(header?.dialog?.id ?? "?") \(header?.dialog?.version ?? "?") (sha256 \(header?.dialog?.sha256 ?? "?"))",
      "Language: \(transcript.language ?? "en") (what was understood is given below in the dialog's terms)",
      "Started: \(header.map { Self.time($0.at) } ?? "?")",
      "Ended: "
        + (transcript.end.map { "\(Self.time($0.at)), \($0.ending?.rawValue ?? "?")" }
          ?? "no end record (incomplete)"),
      "Disposition: \(outcome?.disposition ?? transcript.end?.disposition ?? "none")",
    ]
    if let severity = outcome?.severity {
      lines.append(
        "Suspected severity (not a diagnosis): \(severity.label), from \(severity.basis.joined(separator: ", "))"
      )
    }
    let present = (transcript.end?.findings ?? outcome?.findings ?? []).filter(\.present)
    lines.append(
      "Findings reported: " + (present.isEmpty ? "none" : present.map(\.finding).joined(separator: ", ")))
    return lines
  }

  public var footer: [String] {
    var lines = signOffs.map {
      "Signed off by \($0["by"] ?? "?") at \($0["at"] ?? "?")" + ($0["note"].map { ": \($0)" } ?? "")
    }
    if signOffs.isEmpty { lines.append("Not signed off.") }
    lines.append(
      problems.isEmpty
        ? "Integrity: the hash chain and day index check out."
        : "Integrity: "
          + problems.map(\.description).joined(separator: "; "))
    return lines
  }

  public func render() -> String {
    var lines = summary + [""]
    for turn in turns {
      let text = turn.text.split(separator: "\n", omittingEmptySubsequences: false)
      lines.append(
        "\(turn.time)  \(turn.speaker.padding(toLength: 9, withPad: " ", startingAt: 0))\(text.first ?? "")")
      for more in text.dropFirst() { lines.append(String(repeating: " ", count: 19) + more) }
      if let notes = turn.notes { lines.append(String(repeating: " ", count: 19) + "↳ understood: " + notes) }
    }
    return SafeText.neutralised((lines + [""] + footer).joined(separator: "\n") + "\n")
  }

  static func describe(_ reading: Reading) -> String? {
    var items = reading.observations.map {
      ($0.present ? "" : "no ") + $0.finding + ($0.uncertain ? " (uncertain)" : "")
    }
    for fill in reading.fills {
      switch fill.value {
      case .text: continue
      case .choice(let id): items.append("\(fill.slot) = \(id)")
      case .number(let value, let unit): items.append("\(fill.slot) = \(value.formatted()) (as \(unit))")
      case .days(let days): items.append("\(fill.slot) = \(days.formatted()) days ago")
      default: items.append("\(fill.slot) = \(fill.value.name ?? "?")")
      }
    }
    items += reading.topics.map { "asked about \($0)" }
    if let command = reading.command { items.append("command \(command.rawValue)") }
    // What the engine did not understand, for the clinician to read in the patient's own words.
    items += reading.unread.map { "NOT UNDERSTOOD “\($0)”" }
    return items.isEmpty ? nil : items.joined(separator: "; ")
  }

  static func time(_ date: Date) -> String {
    date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: false))
  }
}
