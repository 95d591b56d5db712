import Foundation
import Testing

@testable import TranscriptStore

/// Stores and sinks that are let go without being shut down (a test, a failed start-up) take their threads
/// with them: nothing keeps them alive but their owners.
@Suite("Store and sink lifetimes", .timeLimit(.minutes(1)))
struct LifetimeTests {
  let root = FileManager.default.temporaryDirectory.appending(path: "lifetime-\(UUID())").path

  @Test("a store let go without shutDown is freed, and its group commit thread ends")
  func storeIsFreed() async throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    var store: TranscriptStore? = TranscriptStore(root: root, policy: .batch)
    weak let weakStore = store
    weak let commit = store?.groupCommit
    #expect(commit != nil)
    store = nil
    #expect(weakStore == nil, "no thread holds the store")
    try await eventually { commit == nil }
    #expect(commit == nil, "the group commit's thread ended and let it go")
  }

  @Test("a sink let go without shutDown is freed, and with it the store its shards wrote to")
  func sinkIsFreed() async throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    var sink: FileTranscriptSink? = FileTranscriptSink(store: TranscriptStore(root: root, policy: .batch))
    weak let weakSink = sink
    weak let store = sink?.store
    let ticket = try #require(sink).open(session: "s1", startedAt: Date())
    #expect(await sink?.write([TranscriptRecord(seq: 0, at: Date(), type: .session)], to: ticket) == nil)
    sink = nil
    #expect(weakSink == nil, "no shard thread holds the sink")
    try await eventually { store == nil }
    #expect(store == nil, "every shard thread ended and let the store go")
  }

  @Test("under group commit, written records are synced within a round without anyone asking")
  func groupCommitRuns() async throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let synced = SyncCounter()
    let store = TranscriptStore(root: root, policy: .batch, syncData: { synced.count($0) })
    defer { store.shutDown() }
    let writer = try store.create(session: "s1", startedAt: Date())
    try writer.append(TranscriptRecord(seq: 0, at: Date(), type: .session))
    try await eventually { synced.value > 0 }
    #expect(synced.value >= 1)
  }
}

extension LifetimeTests {
  @Test(
    "a shutdown is told when the last round is done: the session handed over is ended, and a second call is told at once"
  )
  func shutdownIsTold() async throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let sink = FileTranscriptSink(store: TranscriptStore(root: root, policy: .batch))
    let ticket = sink.open(session: "20261125T120000Z-0000000000000001", startedAt: Date())
    #expect(await sink.write([TranscriptRecord(seq: 0, at: Date(), type: .session)], to: ticket) == nil)
    var end = TranscriptRecord(seq: 0, at: Date(), type: .end)
    end.ending = .shutdown
    sink.finish(ticket, with: end) { _ in }
    await sink.shutDown()
    let file = try #require(
      FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String }.first {
        $0.hasSuffix("01.jsonl")
      })
    let transcript = try Transcript.read(path: root + "/" + file)
    #expect(
      transcript.records.last?.ending == .shutdown, "the end handed over before the shutdown was written")
    await withCheckedContinuation { continuation in sink.store.shutDown { continuation.resume() } }
  }
}

/// Waits up to 5 s for what another thread does; the expectation after it says whether it happened.
func eventually(_ condition: () -> Bool) async throws {
  let deadline = ContinuousClock.now + .seconds(5)
  while !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
}

/// Counts fdatasync calls, and makes them.
final class SyncCounter: Sendable {
  private let calls = LockedState(0)
  var value: Int { calls.withLock { $0 } }

  func count(_ descriptor: Int32) -> Int32 {
    calls.withLock { $0 += 1 }
    return fdatasync(descriptor)
  }
}
