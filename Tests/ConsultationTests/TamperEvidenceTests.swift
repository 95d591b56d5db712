import DialogEngine
import Foundation
import Testing
import TranscriptStore

@testable import Consultation

/// `verify` names every kind of change to a transcript, and tells a crash from tampering.
@Suite("Tamper evidence")
struct TamperEvidenceTests {
  let root = FileManager.default.temporaryDirectory.appending(path: "tamper-\(UUID())").path
  let engine = Engine(dialog: try! DialogLoader.load(path: ConsultationTests.dialogPath))

  /// A finished conversation's transcript and the archive that holds it.
  func finished() throws -> (path: String, archive: TranscriptArchive) {
    let consultation = Consultation(
      engine: engine, transcripts: FileTranscriptSink(store: TranscriptStore(root: root)), channel: "terminal"
    )
    for line in ["I have a headache", "no", "me", "nothing else", "none", "better", "no"] {
      _ = consultation.reply(line)
    }
    #expect(!consultation.isActive)
    return (try #require(consultation.transcriptPath), TranscriptArchive(root: root))
  }

  func problems(_ path: String, _ archive: TranscriptArchive) throws -> [TranscriptProblem.Kind] {
    try archive.verify(Transcript.read(path: path)).map(\.kind)
  }

  func rewrite(_ path: String, _ change: (inout [String]) -> Void) throws {
    var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    change(&lines)
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
  }

  @Test("an untouched transcript verifies clean")
  func clean() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (path, archive) = try finished()
    #expect(try problems(path, archive).isEmpty)
  }

  @Test("an edited word is found")
  func edit() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (path, archive) = try finished()
    try rewrite(path) { lines in
      guard let said = lines.firstIndex(where: { $0.contains("headache") }) else { return }
      lines[said] = lines[said].replacingOccurrences(of: "headache", with: "backache")
    }
    #expect(try problems(path, archive) == [.edited])
  }

  @Test("a deleted record is found")
  func deletion() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (path, archive) = try finished()
    try rewrite(path) { $0.remove(at: 4) }
    #expect(try problems(path, archive).contains(.deleted))
  }

  @Test("reordered records are found")
  func reordering() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (path, archive) = try finished()
    try rewrite(path) { $0.swapAt(4, 5) }
    #expect(try problems(path, archive).contains(.reordered))
  }

  @Test("a truncated transcript is found against the day index")
  func truncation() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (path, archive) = try finished()
    try rewrite(path) { $0.removeLast(3) }
    #expect(try problems(path, archive) == [.truncated])
  }

  @Test("a kill after the day index learned of the end, before the end record, reads as a crash")
  func killBeforeEndRecord() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (path, archive) = try finished()
    try rewrite(path) { $0.removeLast() }
    let found = try archive.verify(Transcript.read(path: path))
    #expect(found.map(\.kind) == [.incomplete])
    #expect(found.allSatisfy { !$0.isTampering })
  }

  @Test("removing the end record and one more is truncation, not a crash")
  func truncationPastEndRecord() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (path, archive) = try finished()
    try rewrite(path) { $0.removeLast(2) }
    #expect(try problems(path, archive) == [.truncated])
  }

  /// Nothing is ever written after the end record, so bytes there are no crash.
  @Test("bytes or records after the end record are tampering, not a torn line")
  func garbageAfterEnd() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (path, archive) = try finished()
    let handle = try #require(FileHandle(forWritingAtPath: path))
    handle.seekToEndOfFile()
    handle.write(Data("garbage".utf8))
    try handle.close()
    let found = try archive.verify(Transcript.read(path: path))
    #expect(found.map(\.kind) == [.edited])
    #expect(found.contains { $0.isTampering })
  }

  @Test("a crash mid-write leaves a torn last line, dropped on reading and reported as no tampering")
  func tornLine() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let consultation = Consultation(
      engine: engine, transcripts: FileTranscriptSink(store: TranscriptStore(root: root)), channel: "terminal"
    )
    _ = consultation.reply("I have a headache")
    let path = try #require(consultation.transcriptPath)
    let handle = try #require(FileHandle(forWritingAtPath: path))
    handle.seekToEndOfFile()
    handle.write(Data(#"{"at":"2026-11-25T12:00:00.000Z","seq":9,"te"#.utf8))
    try handle.close()
    let transcript = try Transcript.read(path: path)
    #expect(transcript.tornTail)
    #expect(!transcript.isComplete)
    let found = TranscriptArchive(root: root).verify(transcript)
    #expect(found.map(\.kind) == [.tornLine, .incomplete])
    #expect(found.allSatisfy { !$0.isTampering })
    #expect(transcript.records.contains { $0.text == "I have a headache" }, "every whole line is kept")
  }
}
