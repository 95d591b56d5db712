import DialogEngine
import Foundation
import Testing

@testable import TranscriptStore

/// The hand-written schema must write what v1's JSONEncoder wrote, byte for byte: files of both versions
/// then read, hash and verify alike, and a clinician's tools see one format.
@Suite("Transcript schema")
struct TranscriptSchemaTests {
  /// v1's encoder, exactly as TranscriptWriter configured it.
  static let legacy: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .custom { date, encoder in
      var container = encoder.singleValueContainer()
      try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }
    return encoder
  }()

  static let at = Date(timeIntervalSince1970: 1_795_608_000.125)
  static let awkward = "a \"quoted\" back\\slash, a / slash, tab\t, new\nline, bell\u{7}, ünïcödé 💊, \u{202E}"
  static let sighting = Observation(finding: "fever", present: true, uncertain: true, words: awkward)

  static var records: [TranscriptRecord] {
    var session = TranscriptRecord(seq: 0, at: at, type: .session)
    session.format = 1
    session.session = "20261125T120000Z-00000000000000ff"
    session.channel = "tcp"
    session.kiosk = "lobby-1"
    session.language = "es"
    session.dialog = try! JSONDecoder().decode(
      TranscriptRecord.DialogInfo.self,
      from: Data(#"{"id":"crs","version":"1.2","sha256":"abab","path":"Dialogs/crs.yaml"}"#.utf8))
    var say = TranscriptRecord(seq: 1, at: at.addingTimeInterval(0.9996), type: .bot)
    say.prev = String(repeating: "0f", count: 32)
    say.event = .say(awkward)
    var ask = TranscriptRecord(seq: 2, at: at, type: .bot)
    ask.event = .ask(
      Question(
        node: "symptoms", slot: "symptoms", text: "Which?", input: .findings,
        options: [.init(id: "fever", label: "Fever"), .init(id: "rash", label: awkward)]))
    var result = TranscriptRecord(seq: 3, at: at, type: .bot)
    var outcome = Outcome(
      disposition: "emergency", label: "Call", level: 3, isMostUrgent: true, advice: awkward,
      findings: [sighting], interrupt: "red_flags",
      severity: SuspectedSeverity(grade: 3, label: "grade 3", basis: ["low_oxygen"]), isFinal: false)
    outcome.risk = "high"
    result.event = .result(outcome)
    var plain = TranscriptRecord(seq: 4, at: at, type: .bot)
    plain.event = .result(
      Outcome(
        disposition: "watch", label: "Watch", level: 0, isMostUrgent: false, advice: "", findings: [],
        interrupt: nil))
    var bye = TranscriptRecord(seq: 5, at: at, type: .bot)
    bye.event = .bye
    var patient = TranscriptRecord(seq: 6, at: at, type: .patient)
    patient.text = awkward
    patient.language = "en"
    patient.reading = Reading(
      observations: [sighting, Observation(finding: "rash", present: false, words: "no rash")],
      fills: [
        .init(slot: "temperature", value: .number(38.5, unit: "C"), words: "38.5"),
        .init(slot: "onset", value: .days(3), words: "3 days"),
      ], command: .back, topics: ["crs"], unread: [awkward])
    var quiet = TranscriptRecord(seq: 7, at: at, type: .patient)
    quiet.text = ""
    quiet.choices = ["fever", "rash"]
    quiet.command = "back"
    quiet.reading = Reading()
    var end = TranscriptRecord(seq: 8, at: at, type: .end)
    end.ending = .diskFull
    end.disposition = "emergency"
    end.findings = [sighting]
    end.values = [
      "therapy": .choice(id: "car_t"), "fever": .yesNo(false), "oxygen": .number(-89.25, unit: "%"),
      "big": .number(1e300, unit: ""), "onset": .days(0.5), "list": .findings(["a", "b"]),
      "none": .findings([]), "sure": .affirmed, "note": .text(awkward), "who": .unknown,
      "date": .check(passed: true), "whole": .number(40, unit: "C"),
    ]
    return [session, say, ask, result, plain, bye, patient, quiet, end]
  }

  @Test("every kind of record is written byte for byte as v1 wrote it")
  func recordsMatchVersionOne() throws {
    for record in Self.records {
      let expected = try Self.legacy.encode(record)
      let written = Data(TranscriptSchema.line(record))
      #expect(
        written == expected,
        "\(record.type) \(record.seq):\n\(String(decoding: written, as: UTF8.self))\n\(String(decoding: expected, as: UTF8.self))"
      )
    }
  }

  @Test("times are written to the millisecond as v1 wrote them, across many moments")
  func timesMatchVersionOne() throws {
    var generator = SystemRandomNumberGenerator()
    let moments =
      (0..<2000).map { _ in Date(timeIntervalSince1970: .random(in: 0...4_000_000_000, using: &generator)) }
      + [Date(timeIntervalSince1970: 1_795_608_000.123), Date(timeIntervalSince1970: 0.999_999), Date()]
    for moment in moments {
      let record = TranscriptRecord(seq: 0, at: moment, type: .bot)
      #expect(
        Data(TranscriptSchema.line(record)) == (try Self.legacy.encode(record)),
        "\(moment.timeIntervalSince1970)")
    }
  }

  @Test("a day index entry is written as v1 wrote it, with and without its optional fields")
  func indexEntriesMatchVersionOne() throws {
    var chained = DayIndex.Entry(
      session: "s1", records: 12, last: "aa", prev: "bb", ending: "completed", at: "2026-11-25T12:00:00.000Z")
    chained.link = "cc"
    var old = DayIndex.Entry(session: "s2", records: 3, last: "dd", prev: nil, ending: nil, at: "x")
    old.chained = nil
    old.at = nil
    for entry in [chained, old] {
      #expect(Data(TranscriptSchema.line(entry)) == (try Self.legacy.encode(entry)))
    }
  }
}
