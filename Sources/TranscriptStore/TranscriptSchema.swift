import DialogEngine
import JSONText

/// How a record is written as one line of JSON: the transcript's schema, spelt out here rather than left to
/// the engine's Codable conformances, so a change inside the engine cannot silently change the files, and so
/// writing costs a few microseconds instead of Foundation's JSONEncoder's hundreds. Keys are in sorted order,
/// as every version has written them; reading stays with `Codable`, which reads v1 files and these alike.
public enum TranscriptSchema {
  /// The record's line, without its newline.
  public static func line(_ record: TranscriptRecord) -> [UInt8] {
    var json = JSONWriter()
    json.object { json in
      json.member("address", record.address)
      json.key("at")
      json.timestamp(record.at.timeIntervalSince1970)
      json.member("channel", record.channel)
      if let choices = record.choices {
        json.key("choices")
        json.array(choices)
      }
      json.member("command", record.command)
      if let dialog = record.dialog {
        json.key("dialog")
        json.object { json in
          json.member("id", dialog.id)
          json.member("path", dialog.path)
          json.member("sha256", dialog.sha256)
          json.member("version", dialog.version)
        }
      }
      json.member("disposition", record.disposition)
      if let ending = record.ending {
        json.member("ending", ending.rawValue)
      }
      if let event = record.event {
        json.key("event")
        write(event, into: &json)
      }
      if let findings = record.findings {
        json.key("findings")
        write(findings, into: &json)
      }
      if let format = record.format {
        json.member("format", format)
      }
      json.member("kiosk", record.kiosk)
      json.member("language", record.language)
      if let chosen = record.languageChosen {
        json.member("language_chosen", chosen)
      }
      json.member("prev", record.prev)
      if let reading = record.reading {
        json.key("reading")
        write(reading, into: &json)
      }
      json.member("resume_sha256", record.resumeDigest)
      json.member("seq", record.seq)
      json.member("session", record.session)
      json.member("text", record.text)
      json.member("time_zone", record.timeZone)
      json.member("type", record.type.rawValue)
      if let values = record.values {
        json.key("values")
        json.object { json in
          for slot in values.keys.sorted() {
            json.key(slot)
            write(values[slot]!, into: &json)
          }
        }
      }
    }
    return json.bytes
  }

  /// A day index entry's line, without its newline.
  static func line(_ entry: DayIndex.Entry) -> [UInt8] {
    var json = JSONWriter(capacity: 256)
    json.object { json in
      json.member("at", entry.at)
      if let chained = entry.chained {
        json.member("chained", chained)
      }
      json.member("ending", entry.ending)
      json.member("last", entry.last)
      json.member("link", entry.link)
      json.member("prev", entry.prev)
      json.member("records", entry.records)
      json.member("session", entry.session)
    }
    return json.bytes
  }

  private static func write(_ event: Event, into json: inout JSONWriter) {
    json.object { json in
      switch event {
      case .say(let text):
        json.member("text", text)
        json.member("type", "say")
      case .ask(let question):
        json.key("question")
        write(question, into: &json)
        json.member("type", "ask")
      case .result(let outcome):
        json.key("outcome")
        write(outcome, into: &json)
        json.member("type", "result")
      case .bye:
        json.member("type", "bye")
      }
    }
  }

  private static func write(_ question: Question, into json: inout JSONWriter) {
    json.object { json in
      json.member("input", question.input.rawValue)
      json.member("node", question.node)
      json.key("options")
      json.array { json in
        for option in question.options {
          json.object { json in
            json.member("id", option.id)
            json.member("label", option.label)
          }
        }
      }
      json.member("slot", question.slot)
      json.member("text", question.text)
    }
  }

  private static func write(_ outcome: Outcome, into json: inout JSONWriter) {
    json.object { json in
      json.member("advice", outcome.advice)
      json.member("disposition", outcome.disposition)
      json.key("findings")
      write(outcome.findings, into: &json)
      json.member("interrupt", outcome.interrupt)
      json.member("isFinal", outcome.isFinal)
      json.member("isMostUrgent", outcome.isMostUrgent)
      json.member("label", outcome.label)
      json.member("level", outcome.level)
      json.member("risk", outcome.risk)
      if let severity = outcome.severity {
        json.key("severity")
        json.object { json in
          json.key("basis")
          json.array(severity.basis)
          json.member("grade", severity.grade)
          json.member("label", severity.label)
        }
      }
    }
  }

  private static func write(_ observations: [Observation], into json: inout JSONWriter) {
    json.array { json in
      for observation in observations {
        json.object { json in
          json.member("finding", observation.finding)
          json.member("present", observation.present)
          json.member("uncertain", observation.uncertain)
          json.member("words", observation.words)
        }
      }
    }
  }

  private static func write(_ reading: Reading, into json: inout JSONWriter) {
    json.object { json in
      if let command = reading.command {
        json.member("command", command.rawValue)
      }
      json.key("fills")
      json.array { json in
        for fill in reading.fills {
          json.object { json in
            json.member("slot", fill.slot)
            json.key("value")
            write(fill.value, into: &json)
            json.member("words", fill.words)
          }
        }
      }
      json.key("observations")
      write(reading.observations, into: &json)
      json.key("topics")
      json.array(reading.topics)
      json.key("unread")
      json.array(reading.unread)
    }
  }

  private static func write(_ value: SlotValue, into json: inout JSONWriter) {
    json.object { json in
      json.key("kind")
      switch value {
      case .choice(let id):
        json.string("choice")
        json.member("value", id)
      case .yesNo(let yes):
        json.string("yes_no")
        json.member("value", yes)
      case .number(let number, let unit):
        json.string("number")
        json.member("unit", unit)
        json.key("value")
        json.number(number)
      case .days(let days):
        json.string("days")
        json.key("value")
        json.number(days)
      case .findings(let ids):
        json.string("findings")
        json.key("value")
        json.array(ids)
      case .affirmed:
        json.string("affirmed")
      case .text(let text):
        json.string("text")
        json.member("value", text)
      case .unknown:
        json.string("unknown")
      case .check(let passed):
        json.string("check")
        json.member("value", passed)
      }
    }
  }
}
