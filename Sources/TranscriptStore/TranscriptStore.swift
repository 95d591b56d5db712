import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The transcripts folder and what every session's writer shares: the sync policy with its group commit,
/// and the per-day index of finished sessions' last hashes. One store per process.
public final class TranscriptStore: Sendable {
  public let root: String
  public let policy: SyncPolicy
  /// How often the group commit syncs pending writes under `.batch`.
  public static let batchInterval: Duration = .milliseconds(50)

  private struct State {
    /// Descriptors written since their last sync, by the writers still open.
    var pending: Set<Int32> = []
    var open: Set<Int32> = []
    var stopped = false
    /// After an fsync failure the store takes no more writes: what the kernel dropped cannot be known,
    /// so carrying on would claim durability that is not there.
    var failure: TranscriptError?
  }

  private let state = LockedState(State())

  public init(root: String, policy: SyncPolicy = .batch) {
    self.root = root
    self.policy = policy
    if policy == .batch {
      let thread = Thread { [self] in runGroupCommit() }
      thread.name = "transcript group commit"
      thread.start()
    }
  }

  deinit {
    state.withLock { $0.stopped = true }
  }

  /// Stops the group commit after a last sync of everything pending.
  public func shutDown() {
    syncPending()
    state.withLock { $0.stopped = true }
  }

  /// The first fsync failure, after which every write fails.
  public var failure: TranscriptError? { state.withLock { $0.failure } }

  /// Creates a session's transcript file under `YYYY/MM/DD/` of its start (UTC).
  public func create(session: String, startedAt: Date) throws(TranscriptError) -> TranscriptWriter {
    if let failure { throw failure }
    let folder = try makeDayFolder(for: startedAt)
    return try TranscriptWriter(store: self, folder: folder, session: session)
  }

  // MARK: For writers

  func register(_ descriptor: Int32) {
    state.withLock { _ = $0.open.insert(descriptor) }
  }

  /// Called after every write: syncs now, or leaves it to the group commit, as the policy says.
  func wrote(_ descriptor: Int32, path: String) throws(TranscriptError) {
    switch policy {
    case .always: try sync(descriptor, path: path)
    case .batch: state.withLock { _ = $0.pending.insert(descriptor) }
    case .never: break
    }
  }

  /// Syncs one descriptor now (a session's end); failure is fatal to the store.
  func sync(_ descriptor: Int32, path: String) throws(TranscriptError) {
    guard policy != .never else { return }
    try state.withLock { state throws(TranscriptError) in
      state.pending.remove(descriptor)
      if fdatasync(descriptor) != 0 {
        let failure = TranscriptError(path: path, reason: "fsync failed: \(String(cString: strerror(errno)))")
        state.failure = state.failure ?? failure
        throw failure
      }
    }
  }

  /// Forgets a descriptor before it is closed, so the group commit never syncs a number reused by another
  /// file.
  func unregister(_ descriptor: Int32) {
    state.withLock { state in
      state.open.remove(descriptor)
      state.pending.remove(descriptor)
    }
  }

  func checkHealthy() throws(TranscriptError) {
    if let failure { throw failure }
  }

  /// Appends a line to the day's `index.jsonl`: a finished session's last hash, against truncation.
  func appendIndex(_ line: Data, folder: String) throws(TranscriptError) {
    let path = folder + "/index.jsonl"
    try state.withLock { _ throws(TranscriptError) in
      let created = access(path, F_OK) != 0
      let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
      guard descriptor >= 0 else {
        throw TranscriptError(path: path, reason: String(cString: strerror(errno)))
      }
      defer { close(descriptor) }
      try Self.writeAll(line, to: descriptor, path: path)
      if policy != .never {
        guard fdatasync(descriptor) == 0 else {
          throw TranscriptError(path: path, reason: "fsync failed: \(String(cString: strerror(errno)))")
        }
        if created { Self.syncDirectory(folder) }
      }
    }
  }

  // MARK: Internals

  private func runGroupCommit() {
    while !state.withLock({ $0.stopped }) {
      Thread.sleep(forTimeInterval: 0.05)
      syncPending()
    }
  }

  private func syncPending() {
    state.withLock { state in
      for descriptor in state.pending where state.open.contains(descriptor) {
        if fdatasync(descriptor) != 0, state.failure == nil {
          state.failure = TranscriptError(
            path: root, reason: "fsync failed: \(String(cString: strerror(errno)))")
        }
      }
      state.pending.removeAll()
    }
  }

  private func makeDayFolder(for date: Date) throws(TranscriptError) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let parts = calendar.dateComponents([.year, .month, .day], from: date)
    let day = [
      String(format: "%04d", parts.year ?? 0), String(format: "%02d", parts.month ?? 0),
      String(format: "%02d", parts.day ?? 0),
    ]
    var folder = root
    try makePrivateDirectory(folder, parent: nil)
    for part in day {
      let parent = folder
      folder += "/" + part
      try makePrivateDirectory(folder, parent: parent)
    }
    return folder
  }

  /// Makes a 0700 folder (tightening an existing one we own), and syncs a new one into its parent.
  private func makePrivateDirectory(_ path: String, parent: String?) throws(TranscriptError) {
    if mkdir(path, 0o700) == 0 {
      if policy != .never, let parent { Self.syncDirectory(parent) }
    } else if errno != EEXIST {
      throw TranscriptError(path: path, reason: String(cString: strerror(errno)))
    }
    var info = stat()
    guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
      throw TranscriptError(path: path, reason: "not a directory")
    }
    if info.st_mode & 0o777 != 0o700, info.st_uid == getuid(), chmod(path, 0o700) != 0 {
      throw TranscriptError(path: path, reason: String(cString: strerror(errno)))
    }
  }

  /// Makes a new entry of a folder durable: the file exists after a crash, not just its contents.
  static func syncDirectory(_ path: String) {
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    fsync(descriptor)
    close(descriptor)
  }

  /// Writes every byte, looping over partial writes and interruptions.
  static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws(TranscriptError) {
    let failure = data.withUnsafeBytes { buffer -> Int32? in
      var offset = 0
      while offset < buffer.count {
        let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return errno
        }
        offset += written
      }
      return nil
    }
    if let failure { throw TranscriptError(path: path, reason: String(cString: strerror(failure))) }
  }
}

/// State behind a pthread mutex (NSLock). Synchronization's `Mutex` would do, but ThreadSanitizer cannot see
/// its futex on Linux and reports false races, which would drown real ones in `make sanitize`.
final class LockedState<State>: @unchecked Sendable {
  private let lock = NSLock()
  private var state: State

  init(_ state: State) {
    self.state = state
  }

  func withLock<Result, Failure: Error>(_ body: (inout State) throws(Failure) -> Result) throws(Failure)
    -> Result
  {
    lock.lock()
    defer { lock.unlock() }
    return try body(&state)
  }
}
