import DialogEngine
import Foundation
import Testing
import TranscriptStore

@testable import Consultation

@Suite("Consultation: a conversation and its transcript")
struct ConsultationTests {
  static let dialogPath = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appending(path: "Dialogs/crs.yaml").path
  let root = FileManager.default.temporaryDirectory.appending(path: "consultations-\(UUID())").path
  let engine = Engine(dialog: try! DialogLoader.load(path: dialogPath))

  /// A conversation at the terminal, saved under this suite's own folder.
  func startConsultation() -> Consultation {
    Consultation(
      engine: engine, transcripts: FileTranscriptSink(store: TranscriptStore(root: root)), channel: "terminal"
    )
  }

  func records(_ consultation: Consultation) throws -> [TranscriptRecord] {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return try String(contentsOfFile: #require(consultation.transcriptPath), encoding: .utf8).split(
      separator: "\n"
    ).map {
      try decoder.decode(TranscriptRecord.self, from: Data($0.utf8))
    }
  }

  @Test("a finished conversation is saved whole: header, every line in order, and the end")
  func finishedConversationIsSaved() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let consultation = startConsultation()
    let lines = [
      "I had Kymriah 4 days ago and now I have a fever", "no", "me", "nothing else", "38.2", "no", "2026",
      "November", "Boston", "100 90 80 70 60 50 40 30 20 10", "The sun is shining today.", "same", "lymphoma",
      "moderate", "good",
    ]
    for line in lines {
      _ = consultation.reply(line)
    }
    #expect(!consultation.isActive)
    let records = try records(consultation)
    let header = try #require(records.first)
    #expect(header.type == .session)
    #expect(header.session == consultation.session.id)
    #expect(header.channel == "terminal")
    #expect(header.dialog?.id == "crs")
    #expect(header.dialog?.version == engine.dialog.version)
    #expect(header.dialog?.sha256 == engine.dialog.source.sha256)
    #expect(records.map(\.seq) == Array(records.indices))
    #expect(records.filter { $0.type == .patient }.map(\.text) == lines)
    let first = try #require(records.first { $0.type == .patient })
    #expect(first.reading?.fill(for: "therapy")?.value == .choice(id: "tisagenlecleucel"))
    let end = try #require(records.last)
    #expect(end.type == .end)
    #expect(end.ending == .completed)
    #expect(end.disposition == "urgent")
    #expect(end.findings?.contains { $0.finding == "fever" && $0.present } == true)
    #expect(end.values?["temperature"] == .number(38.2, unit: "°C"))
  }

  @Test("words that were not understood are recorded in the transcript for the clinician")
  func notUnderstoodIsRecorded() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let consultation = startConsultation()
    _ = consultation.reply("my tongue feels thick and furry")
    let patient = try #require(try records(consultation).first { $0.type == .patient })
    #expect(patient.reading?.unread.contains("tongue feels thick") == true)
    #expect(patient.reading?.observations.contains { $0.finding == "not_understood_symptom" } == true)
  }

  @Test("each patient line is written before the reply to it")
  func patientLineBeforeReply() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let consultation = startConsultation()
    _ = consultation.reply("hello")
    let kinds = try records(consultation).map(\.type)
    let patient = try #require(kinds.firstIndex(of: .patient))
    #expect(kinds[patient + 1] == .bot)
    #expect(kinds.prefix(patient).allSatisfy { $0 != .patient })
  }

  @Test("a conversation closed before its end is saved as abandoned")
  func abandonedConversationIsSaved() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let consultation = startConsultation()
    _ = consultation.reply("I have a headache")
    consultation.close()
    consultation.close()
    let records = try records(consultation)
    #expect(records.filter { $0.type == .end }.count == 1)
    #expect(records.last?.ending == .abandoned)
    #expect(records.last?.disposition == nil)
  }

  @Test("quit is saved as quit")
  func quitIsSaved() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let consultation = startConsultation()
    _ = consultation.reply("quit")
    #expect(try records(consultation).last?.ending == .quit)
  }
}
