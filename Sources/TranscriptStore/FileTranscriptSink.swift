import DialogEngine
import Foundation

/// The file store's sink: all transcript file work of the process (creating files, encoding, hashing,
/// writing, ending sessions) runs here, on threads of its own, never on the threads that run conversations.
/// A conversation's records go to one shard, always the same, whose thread owns its writer; a write is
/// answered once it is in the file (and synced, under `always`). Several shards, so that a session ending
/// under `always`, with its fsyncs, holds up only the conversations that share its shard.
public final class FileTranscriptSink: TranscriptSink {
  public let store: TranscriptStore
  private let shards: [Shard]
  private let tickets = LockedState(0)
  /// The sessions connections of this process are driving: no other server reads these files.
  private let held = LockedState(Set<String>())

  public init(store: TranscriptStore, shards: Int = 4) {
    self.store = store
    self.shards = (0..<max(1, shards)).map { number in Shard(store: store, number: number) }
  }

  deinit {
    for shard in shards { shard.send(.stop(nil)) }
  }

  /// Opens a session's transcript. Nothing waits for it: a failure (a full disk) is the answer to the
  /// session's first write.
  public func open(session: String, startedAt: Date) -> TranscriptTicket {
    let ticket = nextTicket()
    shard(ticket).send(.open(ticket.number, session: session, startedAt: startedAt))
    return ticket
  }

  /// Takes up the transcript of a conversation being resumed, after its `records` lines; as with `open`, a
  /// failure is the answer to the first write.
  public func reopen(session: SessionID, records: Int, lastHash: String) -> TranscriptTicket {
    let ticket = nextTicket()
    shard(ticket).send(.reopen(ticket.number, session: session, records: records, lastHash: lastHash))
    return ticket
  }

  public func transcript(of session: SessionID) async throws(TranscriptError) -> Transcript {
    try Transcript.read(path: store.root + "/" + session.file)
  }

  public func verify(_ transcript: Transcript) async -> [TranscriptProblem] {
    TranscriptArchive(root: store.root).verify(transcript)
  }

  public func location(of session: SessionID) -> String? {
    let path = store.root + "/" + session.file
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }

  public var failure: TranscriptError? { store.failure }

  public var isShared: Bool { false }

  public func place(_ transcript: Transcript) async throws(TranscriptError) {
    try store.place(transcript)
  }

  public func unfinished(quietFor window: Duration) async -> [SessionID] { [] }

  public func hold(_ session: SessionID) async -> Bool {
    held.withLock { $0.insert(session.text).inserted }
  }

  public func letGo(_ session: SessionID) async {
    _ = held.withLock { $0.remove(session.text) }
  }

  /// Appends records in one write; `done` is told once they are in the file, or why not. Never inlined
  /// into the async callers, whose frames stay allocated while a patient is connected.
  @inline(never)
  public func write(_ records: [TranscriptRecord], to ticket: TranscriptTicket, done: @escaping Done) {
    shard(ticket).send(.write(ticket.number, records, done))
  }

  /// Ends the session; `done` is told once the end is durable as the policy says.
  @inline(never)
  public func finish(_ ticket: TranscriptTicket, with end: TranscriptRecord, done: @escaping Done) {
    shard(ticket).send(.finish(ticket.number, end, done))
  }

  /// Lets a transcript go without ending it, for a conversation that may be resumed; `done` is told once
  /// what was written is durable as the policy says.
  public func release(_ ticket: TranscriptTicket, done: @escaping Done) {
    shard(ticket).send(.release(ticket.number, done))
  }

  /// Finishes every shard's queue, then the store's group commit, blocking the calling thread: for front
  /// ends that are not async (the terminal's chat).
  public func shutDown() {
    for shard in shards {
      _ = Blocking.wait { done in shard.send(.stop(done)) }
    }
    store.shutDown()
  }

  /// The same, awaiting it: the server's shutdown does not block a thread of the cooperative pool.
  public func shutDown() async {
    for shard in shards {
      await withCheckedContinuation { continuation in shard.send(.stop({ _ in continuation.resume() })) }
    }
    await withCheckedContinuation { continuation in store.shutDown { continuation.resume() } }
  }

  private func nextTicket() -> TranscriptTicket {
    TranscriptTicket(
      number: tickets.withLock { count in
        count += 1
        return count
      })
  }

  private func shard(_ ticket: TranscriptTicket) -> Shard { shards[ticket.number % shards.count] }
}

/// One thread and its queue. The thread owns its sessions' writers; only requests cross to it.
private final class Shard: Sendable {
  /// Indirect: a record inline would make every request, and every async frame that builds one, the size
  /// of the largest record.
  indirect enum Work: Sendable {
    case open(Int, session: String, startedAt: Date)
    case reopen(Int, session: SessionID, records: Int, lastHash: String)
    case write(Int, [TranscriptRecord], FileTranscriptSink.Done)
    case finish(Int, TranscriptRecord, FileTranscriptSink.Done)
    case release(Int, FileTranscriptSink.Done)
    case stop(FileTranscriptSink.Done?)
  }

  private let queue = LockedState<[Work]>([])
  private let wake = DispatchSemaphore(value: 0)

  init(store: TranscriptStore, number: Int) {
    let thread = Thread { [queue, wake] in Self.run(queue: queue, wake: wake, store: store) }
    thread.name = "transcript sink \(number)"
    thread.start()
  }

  func send(_ work: Work) {
    queue.withLock { $0.append(work) }
    wake.signal()
  }

  /// The thread: takes everything queued at once, and does it in order.
  private static func run(queue: LockedState<[Work]>, wake: DispatchSemaphore, store: TranscriptStore) {
    var writers: [Int: TranscriptWriter] = [:]
    /// Sessions whose file could not be created, with why: the answer to each of their writes.
    var refused: [Int: TranscriptError] = [:]
    while true {
      wake.wait()
      let batch = queue.withLock { queue in
        defer { queue.removeAll(keepingCapacity: true) }
        return queue
      }
      for work in batch {
        switch work {
        case .open(let ticket, let session, let startedAt):
          do {
            writers[ticket] = try store.create(session: session, startedAt: startedAt)
          } catch {
            refused[ticket] = error
          }
        case .reopen(let ticket, let session, let records, let lastHash):
          do {
            writers[ticket] = try store.reopen(session: session, records: records, lastHash: lastHash)
          } catch {
            refused[ticket] = error
          }
        case .write(let ticket, let records, let done):
          guard let writer = writers[ticket] else {
            done(refused[ticket])
            continue
          }
          do {
            try writer.append(contentsOf: records)
            done(nil)
          } catch {
            done(error)
          }
        case .finish(let ticket, let end, let done):
          guard let writer = writers.removeValue(forKey: ticket) else {
            done(refused.removeValue(forKey: ticket))
            continue
          }
          writer.finish(with: end, done: done)
        case .release(let ticket, let done):
          guard let writer = writers.removeValue(forKey: ticket) else {
            done(refused.removeValue(forKey: ticket))
            continue
          }
          do {
            try writer.release()
            done(nil)
          } catch {
            done(error)
          }
        case .stop(let done):
          writers.removeAll()
          done?(nil)
          return
        }
      }
    }
  }
}
