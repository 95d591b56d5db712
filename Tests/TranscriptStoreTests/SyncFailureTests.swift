import Foundation
import Testing

@testable import TranscriptStore

#if canImport(Glibc)
  import Glibc
#endif

/// An fsync failure is fatal to the store, as PostgreSQL treats it: after one, every write and create
/// fails with that first error, and the store never syncs again to believe the disk recovered.
@Suite("fsync failures", .timeLimit(.minutes(1)))
struct SyncFailureTests {
  let root = FileManager.default.temporaryDirectory.appending(path: "sync-failure-\(UUID())").path
  let noon = Date(timeIntervalSince1970: 1_795_608_000)

  /// fdatasync, except on the files of sessions named "doomed…", where it fails with EIO as a dying
  /// disk's does.
  static let doomedSync: @Sendable (Int32) -> Int32 = { descriptor in
    let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(descriptor)"))
    guard target?.contains("/doomed") == true else { return fdatasync(descriptor) }
    errno = EIO
    return -1
  }

  func record(_ text: String) -> TranscriptRecord {
    var record = TranscriptRecord(seq: 0, at: noon, type: .patient)
    record.text = text
    return record
  }

  @Test("after one failed fsync, every later append, create and end fails with that first error")
  func failureIsFinal() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = TranscriptStore(root: root, policy: .always, syncData: Self.doomedSync)
    let healthy = try store.create(session: "healthy", startedAt: noon)
    try healthy.append(record("before"))
    let doomed = try store.create(session: "doomed", startedAt: noon)
    let failure = try #require(throws: TranscriptError.self) { try doomed.append(record("lost?")) }
    #expect(failure.reason.hasPrefix("fsync failed: Input/output error"))
    #expect(failure.path.hasSuffix("/doomed.jsonl"), "the error names the file")
    #expect(store.failure == failure, "the failure is reported")

    #expect(throws: failure) { try healthy.append(self.record("after")) }
    #expect(throws: failure) { try store.create(session: "later", startedAt: self.noon) }
    #expect(throws: failure) { try healthy.finish(with: TranscriptRecord(seq: 0, at: self.noon, type: .end)) }
    let transcript = try Transcript.read(path: healthy.path)
    #expect(transcript.records.map(\.text) == ["before"], "nothing is written after the failure")
    #expect(!FileManager.default.fileExists(atPath: "\(root)/2026/11/25/index.jsonl"), "nothing indexed")
  }

  @Test("under group commit, a failed fsync is just as final")
  func groupCommitFailureIsFinal() async throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = TranscriptStore(root: root, policy: .batch, syncData: Self.doomedSync)
    defer { store.shutDown() }
    let healthy = try store.create(session: "healthy", startedAt: noon)
    let doomed = try store.create(session: "doomed", startedAt: noon)
    try doomed.append(record("written, not yet synced"))
    while store.failure == nil { try await Task.sleep(for: .milliseconds(10)) }
    let failure = try #require(store.failure)
    #expect(failure.path.hasSuffix("/doomed.jsonl"))
    #expect(throws: failure) { try healthy.append(self.record("after")) }
    #expect(throws: failure) { try store.create(session: "later", startedAt: self.noon) }
  }
}
