import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The `batch` policy's one thread of fsyncs, shared by every session. Every `interval` it syncs every file
/// and folder written since the last round; and session ends, which must be durable in order (the file's
/// records, then the day index entry that vouches for them, then the end line), are done here in groups
/// as they arrive: one index write and fsync for all the sessions that ended meanwhile, none of it on the
/// threads that write conversations.
final class GroupCommit: Sendable {
  /// A session's end, handed over by its writer: everything needed to finish the file without it.
  struct PendingEnd: Sendable {
    /// A duplicate of the writer's descriptor, owned (and closed) by the group commit.
    var descriptor: Int32
    var path: String
    /// The file's length before the end line: a failed write is cut back to here.
    var length: off_t
    var index: DayIndexAppender.Item
    var line: [UInt8]
    var done: @Sendable (TranscriptError?) -> Void
  }

  private let durability: Durability
  private let index: DayIndexAppender
  private let interval: Duration
  private let wake = DispatchSemaphore(value: 0)
  private let state = LockedState(State())

  private struct State {
    var ends: [PendingEnd] = []
    var stopping = false
    /// The last round is done: the thread has ended.
    var stopped = false
    /// Told when the last round is done.
    var waiting: [@Sendable () -> Void] = []
  }

  init(durability: Durability, index: DayIndexAppender, interval: Duration) {
    self.durability = durability
    self.index = index
    self.interval = interval
  }

  /// Starts the thread. It holds the group commit, not the store: a store let go stops it (`stop`).
  func start() {
    let thread = Thread { [self] in run() }
    thread.name = "transcript group commit"
    thread.start()
  }

  func end(_ pending: PendingEnd) {
    state.withLock { $0.ends.append(pending) }
    wake.signal()
  }

  /// Asks the thread to finish: a last round syncs everything and ends every session handed over; `done`
  /// is told once it has (at once, if it already had).
  func stop(then done: (@Sendable () -> Void)? = nil) {
    let stopped = state.withLock { state in
      state.stopping = true
      if !state.stopped, let done { state.waiting.append(done) }
      return state.stopped
    }
    if stopped { done?() }
    wake.signal()
  }

  private func run() {
    let nanoseconds =
      Int(interval.components.seconds) * 1_000_000_000
      + Int(interval.components.attoseconds / 1_000_000_000)
    var lastRound = DispatchTime.now()
    while true {
      _ = wake.wait(timeout: lastRound + .nanoseconds(nanoseconds))
      let (ends, stopping) = state.withLock { state in
        defer { state.ends.removeAll() }
        return (state.ends, state.stopping)
      }
      let due = DispatchTime.now() >= lastRound + .nanoseconds(nanoseconds)
      if due || stopping {
        durability.syncPending()
        lastRound = .now()
      }
      if !ends.isEmpty { finish(ends) }
      if stopping {
        let waiting = state.withLock { state in
          state.stopped = true
          return state.waiting
        }
        for done in waiting { done() }
        return
      }
    }
  }

  /// Ends sessions in the durable order: each file's records, then all their index entries at once, then
  /// each end line.
  private func finish(_ ends: [PendingEnd]) {
    var ready: [PendingEnd] = []
    for end in ends {
      do throws(TranscriptError) {
        try durability.sync(end.descriptor, path: end.path)
        ready.append(end)
      } catch {
        complete(end, error)
      }
    }
    let indexed = index.append(ready.map(\.index))
    for (end, failure) in zip(ready, indexed) {
      if let failure {
        complete(end, failure)
        continue
      }
      do throws(TranscriptError) {
        try DiskWrites.writeAll(end.line, to: end.descriptor, path: end.path)
        try durability.sync(end.descriptor, path: end.path)
        complete(end, nil)
      } catch {
        ftruncate(end.descriptor, end.length)
        complete(end, error)
      }
    }
  }

  private func complete(_ end: PendingEnd, _ failure: TranscriptError?) {
    close(end.descriptor)
    end.done(failure)
  }
}
