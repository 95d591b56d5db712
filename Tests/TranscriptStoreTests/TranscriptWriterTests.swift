import Foundation
import Testing

@testable import TranscriptStore

@Suite("Transcript files")
struct TranscriptWriterTests {
  let root = FileManager.default.temporaryDirectory.appending(path: "transcripts-\(UUID())").path
  let noon = Date(timeIntervalSince1970: 1_795_608_000)

  func mode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as! NSNumber).intValue & 0o777
  }

  @Test("a session's file lands under YYYY/MM/DD, readable by its owner alone, folders included")
  func filesArePrivate() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let old = umask(0)
    defer { umask(old) }
    let writer = try TranscriptStore(root: root).create(session: "s1", startedAt: noon)
    #expect(writer.path == "\(root)/2026/11/25/s1.jsonl")
    #expect(try mode(writer.path) == 0o600)
    for folder in [root, "\(root)/2026", "\(root)/2026/11", "\(root)/2026/11/25"] {
      #expect(try mode(folder) == 0o700, "\(folder)")
    }
  }

  @Test("an existing transcripts folder that others can read is made private")
  func existingFolderIsTightened() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(
      atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
    _ = try TranscriptStore(root: root).create(session: "s1", startedAt: noon)
    #expect(try mode(root) == 0o700)
  }

  @Test("records are numbered, one JSON object per line")
  func recordsAreJSONLines() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let writer = try TranscriptStore(root: root).create(session: "s1", startedAt: noon)
    var patient = TranscriptRecord(seq: 99, at: noon, type: .patient)
    patient.text = "line one\nwith a newline"
    try writer.append(TranscriptRecord(seq: 99, at: noon, type: .session))
    try writer.append(patient)
    let lines = try String(contentsOfFile: writer.path, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 2)
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    let records = try lines.map { try decoder.decode(TranscriptRecord.self, from: Data($0.utf8)) }
    #expect(records.map(\.seq) == [0, 1])
    #expect(records[1].text == "line one\nwith a newline")
    #expect(lines[0].contains("\"at\":\"2026-11-25T12:00:00.000Z\""))
  }

  @Test("a session's file is never overwritten")
  func neverOverwrites() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    _ = try TranscriptStore(root: root).create(session: "s1", startedAt: noon)
    #expect(throws: TranscriptError.self) {
      try TranscriptStore(root: root).create(session: "s1", startedAt: noon)
    }
  }

  @Test("a folder that cannot be made is a clear error naming the path")
  func unwritableFolder() throws {
    let blocker = root + "-file"
    _ = FileManager.default.createFile(atPath: blocker, contents: Data())
    defer { try? FileManager.default.removeItem(atPath: blocker) }
    #expect {
      try TranscriptStore(root: blocker).create(session: "s1", startedAt: noon)
    } throws: { error in
      (error as? TranscriptError)?.path == blocker
    }
  }
}

@Suite("Sync policies")
struct SyncPolicyTests {
  @Test(
    "every policy writes the whole session, chains it and indexes its end", arguments: SyncPolicy.allCases)
  func policyWritesEverything(policy: SyncPolicy) throws {
    let root = FileManager.default.temporaryDirectory.appending(path: "sync-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = TranscriptStore(root: root, policy: policy)
    let writer = try store.create(session: "s1", startedAt: Date(timeIntervalSince1970: 1_795_608_000))
    for index in 0..<20 {
      var record = TranscriptRecord(seq: 0, at: Date(), type: .patient)
      record.text = "line \(index)"
      try writer.append(record)
    }
    var end = TranscriptRecord(seq: 0, at: Date(), type: .end)
    end.ending = .completed
    try writer.finish(with: end)
    store.shutDown()
    let transcript = try Transcript.read(path: writer.path)
    #expect(transcript.records.dropLast().map(\.text) == (0..<20).map { "line \($0)" })
    #expect(transcript.isComplete)
    #expect(TranscriptArchive(root: root).verify(transcript).map(\.kind) == [], "chained and indexed")
  }
}

@Suite("Transcript errors")
struct TranscriptErrorTests {
  @Test("an error says what was being done: writing, reading, or looking for a session")
  func errorsSayWhatFailed() throws {
    let folder = FileManager.default.temporaryDirectory.appending(path: "errors-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let link = folder + "/link.jsonl"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/etc/hostname")
    let unreadable = try #require(throws: TranscriptError.self) { try Transcript.read(path: link) }
    #expect("\(unreadable)" == "cannot read \(link): is a symbolic link; refused")
    #expect(
      "\(TranscriptError.noSession("20261125T120000Z-00"))"
        == "20261125T120000Z-00: no such session in the transcripts")
    #expect("\(TranscriptError(path: "/x.jsonl", code: ENOSPC))".hasPrefix("cannot write /x.jsonl: "))
  }
}
