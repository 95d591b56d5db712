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

  /// One thing understood from a patient line, and the words it was read from.
  public struct Understood: Sendable, Equatable {
    public var text: String
    /// The patient's words it came from, when the reading names them.
    public var words: String?
    /// Words the engine did not understand, kept for the clinician in the patient's own words.
    public var isUnread = false
  }

  /// What was understood from a patient line, item by item, in the dialog's terms.
  public static func understood(_ reading: Reading) -> [Understood] {
    var items = reading.observations.map {
      Understood(
        text: ($0.present ? "" : "no ") + $0.finding + ($0.uncertain ? " (uncertain)" : ""), words: $0.words)
    }
    for fill in reading.fills {
      let value: String
      switch fill.value {
      case .text: continue
      case .choice(let id): value = id
      case .number(let number, let unit): value = "\(number.formatted()) (as \(unit))"
      case .days(let days): value = "\(days.formatted()) days ago"
      default: value = fill.value.name ?? "?"
      }
      items.append(Understood(text: "\(fill.slot) = \(value)", words: fill.words))
    }
    items += reading.topics.map { Understood(text: "asked about \($0)") }
    if let command = reading.command { items.append(Understood(text: "command \(command.rawValue)")) }
    items += reading.unread.map { Understood(text: "NOT UNDERSTOOD “\($0)”", words: $0, isUnread: true) }
    return items
  }

  static func describe(_ reading: Reading) -> String? {
    let items = understood(reading)
    return items.isEmpty ? nil : items.map(\.text).joined(separator: "; ")
  }

  static func time(_ date: Date) -> String {
    date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: false))
  }
}
