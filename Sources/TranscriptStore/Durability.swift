#if canImport(Glibc)
  import Glibc
#endif

/// What the sync policy asks of every write, and the store's one fatal failure: which descriptors and
/// folders have writes not yet synced, and the first fsync that failed, after which nothing more is written.
final class Durability: Sendable {
  let policy: SyncPolicy
  /// Makes a file's written data durable: `fdatasync`. A parameter only so that tests can make it fail as
  /// a dying disk does (EIO), which no test can provoke on demand; nothing else passes another.
  private let syncData: @Sendable (Int32) -> Int32

  private struct State {
    /// Descriptors written since their last sync, by the writers still open.
    var pending: Set<Int32> = []
    /// The open writers' descriptors and their files' paths, for the group commit and its errors.
    var open: [Int32: String] = [:]
    /// Folders with new files whose entries are not yet synced (group commit only).
    var folders: Set<String> = []
    /// After an fsync failure the store takes no more writes: what the kernel dropped cannot be known,
    /// so carrying on would claim durability that is not there.
    var failure: TranscriptError?
  }

  private let state = LockedState(State())

  init(policy: SyncPolicy, syncData: @escaping @Sendable (Int32) -> Int32) {
    self.policy = policy
    self.syncData = syncData
  }

  /// The first fsync failure, after which every write fails.
  var failure: TranscriptError? { state.withLock { $0.failure } }

  func checkHealthy() throws(TranscriptError) {
    if let failure { throw failure }
  }

  func register(_ descriptor: Int32, path: String) {
    state.withLock { $0.open[descriptor] = path }
  }

  /// Forgets a descriptor before it is closed, so the group commit never syncs a number reused by another
  /// file.
  func unregister(_ descriptor: Int32) {
    state.withLock { state in
      state.open[descriptor] = nil
      state.pending.remove(descriptor)
    }
  }

  /// A new file in `folder`: its entry is synced now, or by the group commit, as the policy says.
  func created(in folder: String) {
    switch policy {
    case .always: DiskWrites.syncDirectory(folder)
    case .batch: state.withLock { _ = $0.folders.insert(folder) }
    case .never: break
    }
  }

  /// Called after every write: syncs now, or leaves it to the group commit, as the policy says.
  func wrote(_ descriptor: Int32, path: String) throws(TranscriptError) {
    switch policy {
    case .always: try sync(descriptor, path: path)
    case .batch: state.withLock { _ = $0.pending.insert(descriptor) }
    case .never: break
    }
  }

  /// Syncs one descriptor now, unless the policy is `never`; failure is fatal to the store. The flush runs
  /// outside the lock: no other session's write should wait on this disk flush.
  func sync(_ descriptor: Int32, path: String) throws(TranscriptError) {
    guard policy != .never else { return }
    try state.withLock { state throws(TranscriptError) in
      if let failure = state.failure { throw failure }
      state.pending.remove(descriptor)
    }
    try check(syncData(descriptor), path: path)
  }

  /// Keeps the first failed sync as the store's failure and throws it, as every later write and create
  /// will, as PostgreSQL does: after a failed fsync the kernel may have dropped the dirty pages, so a
  /// retry that succeeds would claim durability for data that is gone.
  func check(_ result: Int32, path: String) throws(TranscriptError) {
    guard result != 0 else { return }
    let failure = TranscriptError(
      path: path,
      reason: "fsync failed: \(String(cString: strerror(errno))); no more transcripts are written until "
        + "crscheck is restarted")
    let first = state.withLock { state in
      if state.failure == nil { state.failure = failure }
      return state.failure ?? failure
    }
    throw first
  }

  /// Syncs every file written since the last round, and every folder given a new file. The flushes run on
  /// duplicates of the descriptors, outside the lock: appends go on meanwhile, and a writer may close its
  /// own descriptor (whose number may then be reused) without the group commit ever syncing the wrong file.
  func syncPending() {
    let (batch, folders): ([(copy: Int32, path: String)], Set<String>) = state.withLock { state in
      defer {
        state.pending.removeAll()
        state.folders.removeAll()
      }
      guard state.failure == nil else { return ([], []) }
      let files = state.pending.compactMap { descriptor -> (Int32, String)? in
        guard let path = state.open[descriptor] else { return nil }
        let copy = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
        return copy >= 0 ? (copy, path) : nil
      }
      return (files, state.folders)
    }
    for folder in folders { DiskWrites.syncDirectory(folder) }
    var failed = false
    for (copy, path) in batch {
      // The failure is kept in the state; the writers see it at their next write.
      if !failed {
        do { try check(syncData(copy), path: path) } catch { failed = true }
      }
      close(copy)
    }
  }
}
