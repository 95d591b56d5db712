import Foundation
import Testing

@testable import TranscriptStore

/// The day indexes as one chain: what deleting or rewriting transcripts and their entries leaves behind.
@Suite("The chain of day indexes")
struct IndexChainTests {
  let root = FileManager.default.temporaryDirectory.appending(path: "chain-\(UUID())").path
  let day = Date(timeIntervalSince1970: 1_795_608_000)

  /// Five finished sessions, over two days, ended in order; returns their files.
  func sessions(_ store: TranscriptStore? = nil) throws -> [String] {
    let store = store ?? TranscriptStore(root: root, policy: .never)
    var paths: [String] = []
    for number in 0..<5 {
      let started = day.addingTimeInterval(Double(number / 3) * 86_400)
      let writer = try store.create(session: "s\(number)", startedAt: started)
      try writer.append(TranscriptRecord(seq: 0, at: started, type: .session))
      var patient = TranscriptRecord(seq: 0, at: started, type: .patient)
      patient.text = "line of session \(number)"
      try writer.append(patient)
      var end = TranscriptRecord(seq: 0, at: started, type: .end)
      end.ending = .completed
      try writer.finish(with: end)
      paths.append(writer.path)
    }
    return paths
  }

  func kinds(anchor: String? = nil) -> [TranscriptProblem.Kind] {
    IndexChain(root: root).verify(anchor: anchor).map(\.problem.kind)
  }

  func index(of path: String) -> String {
    URL(filePath: path).deletingLastPathComponent().path + "/index.jsonl"
  }

  func removeIndexLine(of path: String) throws {
    let session = URL(filePath: path).deletingPathExtension().lastPathComponent
    let lines = try String(contentsOfFile: index(of: path), encoding: .utf8).split(separator: "\n")
    let kept = lines.filter { !$0.contains("\"session\":\"\(session)\"") }
    try (kept.joined(separator: "\n") + (kept.isEmpty ? "" : "\n")).write(
      toFile: index(of: path), atomically: false, encoding: .utf8)
  }

  @Test("untouched indexes form one chain across days, with no problem")
  func clean() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    _ = try sessions()
    let chain = IndexChain(root: root)
    #expect(chain.lines.count == 5)
    #expect(kinds().isEmpty)
    #expect(chain.head == chain.lines.last?.hash)
  }

  @Test("a store started again links its first entry to the last one on disk")
  func chainGoesOnAfterRestart() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    _ = try sessions()
    let store = TranscriptStore(root: root, policy: .never)
    let writer = try store.create(session: "s9", startedAt: day)
    try writer.append(TranscriptRecord(seq: 0, at: day, type: .session))
    try writer.finish(with: TranscriptRecord(seq: 0, at: day, type: .end))
    #expect(kinds().isEmpty)
    #expect(IndexChain(root: root).lines.count == 6)
  }

  @Test("a transcript deleted while its day index lists it is reported missing")
  func deletedFile() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let paths = try sessions()
    try FileManager.default.removeItem(atPath: paths[1])
    #expect(kinds() == [.missing])
  }

  @Test("a transcript deleted with its index entry breaks the chain at the next entry")
  func deletedFileAndEntry() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let paths = try sessions()
    try FileManager.default.removeItem(atPath: paths[1])
    try removeIndexLine(of: paths[1])
    #expect(kinds() == [.deleted])
  }

  @Test("an index entry rewritten to match an edited transcript breaks the chain at the next entry")
  func rewrittenEntry() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let paths = try sessions()
    let path = index(of: paths[0])
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let rewritten = text.replacingOccurrences(of: "\"records\":3", with: "\"records\":4")
    #expect(rewritten != text)
    try rewritten.write(toFile: path, atomically: false, encoding: .utf8)
    #expect(kinds().contains(.deleted))
  }

  @Test("an anchor proves the newest entries were not removed; without it their removal is not seen")
  func anchor() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let paths = try sessions()
    let anchor = try #require(IndexChain(root: root).head)
    #expect(kinds(anchor: anchor).isEmpty)
    try FileManager.default.removeItem(atPath: paths[4])
    try removeIndexLine(of: paths[4])
    #expect(kinds().isEmpty, "the newest entry removed with its file leaves no trace in the chain alone")
    #expect(kinds(anchor: anchor) == [.anchor])
  }

  @Test("an index that is a symbolic link is never appended to")
  func symbolicLinkIndex() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = TranscriptStore(root: root, policy: .never)
    let writer = try store.create(session: "s1", startedAt: day)
    try writer.append(TranscriptRecord(seq: 0, at: day, type: .session))
    let target = root + "/elsewhere"
    try "".write(toFile: target, atomically: false, encoding: .utf8)
    try FileManager.default.createSymbolicLink(atPath: index(of: writer.path), withDestinationPath: target)
    #expect(throws: TranscriptError.self) {
      try writer.finish(with: TranscriptRecord(seq: 0, at: day, type: .end))
    }
    #expect(try String(contentsOfFile: target, encoding: .utf8).isEmpty)
  }

  @Test("a day folder that is a symbolic link is refused, and a linked transcript is not read")
  func symbolicLinkFolderAndFile() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let paths = try sessions()
    let elsewhere = root + "-elsewhere"
    try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: elsewhere) }
    try FileManager.default.createDirectory(atPath: root + "/2027", withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: root + "/2027/01", withDestinationPath: elsewhere)
    #expect(throws: TranscriptError.self) {
      try TranscriptStore(root: root, policy: .never).create(
        session: "s", startedAt: Date(timeIntervalSince1970: 1_800_000_000))
    }
    let linked = URL(filePath: paths[0]).deletingLastPathComponent().path + "/s7.jsonl"
    try FileManager.default.createSymbolicLink(atPath: linked, withDestinationPath: paths[1])
    #expect(throws: TranscriptError.self) { try Transcript.read(path: linked) }
  }
}
