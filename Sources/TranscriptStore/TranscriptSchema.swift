import DialogEngine
import JSONText

/// How a record is written as one line of JSON: the transcript's schema, spelt out here rather than left to
/// the engine's Codable conformances, so a change inside the engine cannot silently change the files, and so
/// writing costs a few microseconds instead of Foundation's JSONEncoder's hundreds. Keys are in sorted order,
/// as every version has written them; reading stays with `Codable`, which reads v1 files and these alike.
enum TranscriptSchema {
  /// The record's line, without its newline.
  static func line(_ record: TranscriptRecord) -> [UInt8] {
    var json = JSONWriter()
    json.object { json in
      json.key("at")
      json.timestamp(record.at.timeIntervalSince1970)
      if let channel = record.channel {
        json.key("channel")
        json.string(channel)
      }
      if let choices = record.choices {
        json.key("choices")
        json.array(choices)
      }
      if let command = record.command {
        json.key("command")
        json.string(command)
      }
      if let dialog = record.dialog {
        json.key("dialog")
        json.object { json in
          json.key("id")
          json.string(dialog.id)
          json.key("path")
          json.string(dialog.path)
          json.key("sha256")
          json.string(dialog.sha256)
          json.key("version")
          json.string(dialog.version)
        }
      }
      if let disposition = record.disposition {
        json.key("disposition")
        json.string(disposition)
      }
      if let ending = record.ending {
        json.key("ending")
        json.string(ending.rawValue)
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
        json.key("format")
        json.integer(format)
      }
      if let kiosk = record.kiosk {
        json.key("kiosk")
        json.string(kiosk)
      }
      if let language = record.language {
        json.key("language")
        json.string(language)
      }
      if let prev = record.prev {
        json.key("prev")
        json.string(prev)
      }
      if let reading = record.reading {
        json.key("reading")
        write(reading, into: &json)
      }
      json.key("seq")
      json.integer(record.seq)
      if let session = record.session {
        json.key("session")
        json.string(session)
      }
      if let text = record.text {
        json.key("text")
        json.string(text)
      }
      json.key("type")
      json.string(record.type.rawValue)
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
      func member(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        json.key(name)
        json.string(value)
      }
      member("at", entry.at)
      if let chained = entry.chained {
        json.key("chained")
        json.bool(chained)
      }
      member("ending", entry.ending)
      member("last", entry.last)
      member("link", entry.link)
      member("prev", entry.prev)
      json.key("records")
      json.integer(entry.records)
      member("session", entry.session)
    }
    return json.bytes
  }

  private static func write(_ event: Event, into json: inout JSONWriter) {
    json.object { json in
      switch event {
      case .say(let text):
        json.key("text")
        json.string(text)
        json.key("type")
        json.string("say")
      case .ask(let question):
        json.key("question")
        write(question, into: &json)
        json.key("type")
        json.string("ask")
      case .result(let outcome):
        json.key("outcome")
        write(outcome, into: &json)
        json.key("type")
        json.string("result")
      case .bye:
        json.key("type")
        json.string("bye")
      }
    }
  }

  private static func write(_ question: Question, into json: inout JSONWriter) {
    json.object { json in
      json.key("input")
      json.string(question.input.rawValue)
      json.key("node")
      json.string(question.node)
      json.key("options")
      json.array { json in
        for option in question.options {
          json.object { json in
            json.key("id")
            json.string(option.id)
            json.key("label")
            json.string(option.label)
          }
        }
      }
      json.key("slot")
      json.string(question.slot)
      json.key("text")
      json.string(question.text)
    }
  }

  private static func write(_ outcome: Outcome, into json: inout JSONWriter) {
    json.object { json in
      json.key("advice")
      json.string(outcome.advice)
      json.key("disposition")
      json.string(outcome.disposition)
      json.key("findings")
      write(outcome.findings, into: &json)
      if let interrupt = outcome.interrupt {
        json.key("interrupt")
        json.string(interrupt)
      }
      json.key("isFinal")
      json.bool(outcome.isFinal)
      json.key("isMostUrgent")
      json.bool(outcome.isMostUrgent)
      json.key("label")
      json.string(outcome.label)
      json.key("level")
      json.integer(outcome.level)
      if let risk = outcome.risk {
        json.key("risk")
        json.string(risk)
      }
      if let severity = outcome.severity {
        json.key("severity")
        json.object { json in
          json.key("basis")
          json.array(severity.basis)
          json.key("grade")
          json.integer(severity.grade)
          json.key("label")
          json.string(severity.label)
        }
      }
    }
  }

  private static func write(_ observations: [Observation], into json: inout JSONWriter) {
    json.array { json in
      for observation in observations {
        json.object { json in
          json.key("finding")
          json.string(observation.finding)
          json.key("present")
          json.bool(observation.present)
          json.key("uncertain")
          json.bool(observation.uncertain)
          json.key("words")
          json.string(observation.words)
        }
      }
    }
  }

  private static func write(_ reading: Reading, into json: inout JSONWriter) {
    json.object { json in
      if let command = reading.command {
        json.key("command")
        json.string(command.rawValue)
      }
      json.key("fills")
      json.array { json in
        for fill in reading.fills {
          json.object { json in
            json.key("slot")
            json.string(fill.slot)
            json.key("value")
            write(fill.value, into: &json)
            json.key("words")
            json.string(fill.words)
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
        json.key("value")
        json.string(id)
      case .yesNo(let yes):
        json.string("yes_no")
        json.key("value")
        json.bool(yes)
      case .number(let number, let unit):
        json.string("number")
        json.key("unit")
        json.string(unit)
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
        json.key("value")
        json.string(text)
      case .unknown:
        json.string("unknown")
      case .check(let passed):
        json.string("check")
        json.key("value")
        json.bool(passed)
      }
    }
  }
}
