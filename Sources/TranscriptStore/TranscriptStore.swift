import Crypto
import DialogEngine
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
    /// The open writers' descriptors and their files' paths, for the group commit and its errors.
    var open: [Int32: String] = [:]
    var stopped = false
    /// After an fsync failure the store takes no more writes: what the kernel dropped cannot be known,
    /// so carrying on would claim durability that is not there.
    var failure: TranscriptError?
  }

  private let state = LockedState(State())
  /// What appending to the day indexes needs, held while an entry is appended: entries go one at a
  /// time, so that a partial write is cut back before the next and each links to the one before.
  private let indexes = LockedState(Indexes())

  private struct Indexes {
    /// The day indexes known to exist, so a new one's folder is synced once.
    var known: Set<String> = []
    /// The hash of the last entry appended, in any day's index: the next entry's `link`. Found on disk
    /// at the first append (the newest week of day folders is searched).
    var head: String?
    var headKnown = false
  }
  /// Makes a file's written data durable: `fdatasync`. A parameter only so that tests can make it fail as
  /// a dying disk does (EIO), which no test can provoke on demand; nothing else passes another.
  private let syncData: @Sendable (Int32) -> Int32

  public convenience init(root: String, policy: SyncPolicy = .batch) {
    self.init(root: root, policy: policy, syncData: { fdatasync($0) })
  }

  /// `syncData` stands in for `fdatasync`: the seam for fault tests, see `syncData`.
  package init(root: String, policy: SyncPolicy, syncData: @escaping @Sendable (Int32) -> Int32) {
    self.root = root
    self.policy = policy
    self.syncData = syncData
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

  /// Creates a session's transcript file under `YYYY/MM/DD/` of its start (UTC). Not on a disk without
  /// room for a conversation: a file that could not be written would read as a crash and fill the queue.
  public func create(session: String, startedAt: Date) throws(TranscriptError) -> TranscriptWriter {
    if let failure { throw failure }
    var space = statvfs()
    if statvfs(root, &space) == 0, UInt64(space.f_bavail) * UInt64(space.f_frsize) < Self.minimumFree {
      throw TranscriptError(
        path: root, reason: "the disk is full; no transcript is started until space is freed",
        isDiskFull: true)
    }
    let folder = try makeDayFolder(for: startedAt)
    return try TranscriptWriter(store: self, folder: folder, session: session)
  }

  /// The free space below which no transcript is started, and the space kept back in `.reserve`.
  static let minimumFree: UInt64 = 64 * 1024

  /// The space kept back for ending conversations cut short by a full disk: `.reserve` in the root, made
  /// at the first transcript and given up when the disk fills, so that each such conversation can still
  /// write its end record (`disk_full`) and its index entry.
  private let reserve = LockedState(false)

  func keepReserve() {
    reserve.withLock { made in
      guard !made else { return }
      made = true
      let descriptor = open(root + "/.reserve", O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
      guard descriptor >= 0 else { return }
      _ = posix_fallocate(descriptor, 0, off_t(Self.minimumFree))
      close(descriptor)
    }
  }

  func releaseReserve() {
    reserve.withLock { made in
      guard made else { return }
      made = false
      unlink(root + "/.reserve")
    }
  }

  // MARK: For writers

  func register(_ descriptor: Int32, path: String) {
    state.withLock { $0.open[descriptor] = path }
  }

  /// Called after every write: syncs now, or leaves it to the group commit, as the policy says.
  func wrote(_ descriptor: Int32, path: String) throws(TranscriptError) {
    switch policy {
    case .always: try sync(descriptor, path: path)
    case .batch: state.withLock { _ = $0.pending.insert(descriptor) }
    case .never: break
    }
  }

  /// Syncs one descriptor now (a session's end); failure is fatal to the store. The flush runs outside the
  /// lock: the writer keeps its descriptor open meanwhile, and no other session's append should wait on
  /// this disk flush.
  func sync(_ descriptor: Int32, path: String) throws(TranscriptError) {
    guard policy != .never else { return }
    try state.withLock { state throws(TranscriptError) in
      if let failure = state.failure { throw failure }
      state.pending.remove(descriptor)
    }
    try record(syncData(descriptor), path: path)
  }

  /// Keeps the first failed sync as the store's failure and throws it, as every later write and create
  /// will, as PostgreSQL does: after a failed fsync the kernel may have dropped the dirty pages, so a
  /// retry that succeeds would claim durability for data that is gone.
  private func record(_ result: Int32, path: String) throws(TranscriptError) {
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

  /// Forgets a descriptor before it is closed, so the group commit never syncs a number reused by another
  /// file.
  func unregister(_ descriptor: Int32) {
    state.withLock { state in
      state.open[descriptor] = nil
      state.pending.remove(descriptor)
    }
  }

  func checkHealthy() throws(TranscriptError) {
    if let failure { throw failure }
  }

  /// Appends an entry to the day's `index.jsonl`: a finished session's last hash, against truncation,
  /// linked to the entry appended before it, against deletion.
  func appendIndex(_ entry: DayIndex.Entry, folder: String) throws(TranscriptError) {
    let path = folder + "/index.jsonl"
    try checkHealthy()
    // Entries are appended one at a time, so that a partial write can be cut back before the next; the
    // store's own lock stays free for the appends of conversations meanwhile.
    try indexes.withLock { indexes throws(TranscriptError) in
      if !indexes.headKnown {
        indexes.head = IndexChain(root: root, recentDays: 7).head
        indexes.headKnown = true
      }
      var entry = entry
      entry.link = indexes.head
      var line = TranscriptSchema.line(entry)
      let hash = SHA256.hex(of: line)
      line.append(0x0A)
      let created = !indexes.known.contains(path) && access(path, F_OK) != 0
      // Never through a symbolic link: one planted in the folder would make the server append elsewhere.
      let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0o600)
      guard descriptor >= 0 else {
        throw TranscriptError(path: path, code: errno)
      }
      defer { close(descriptor) }
      let length = lseek(descriptor, 0, SEEK_END)
      do throws(TranscriptError) {
        try Self.writeAll(line, to: descriptor, path: path)
      } catch {
        // A full disk leaves part of the line: cut it off, or the next entry would be glued to it.
        ftruncate(descriptor, length)
        throw error
      }
      if policy != .never {
        try record(syncData(descriptor), path: path)
        if created { Self.syncDirectory(folder) }
      }
      indexes.known.insert(path)
      indexes.head = hash
    }
  }

  // MARK: Internals

  private func runGroupCommit() {
    while !state.withLock({ $0.stopped }) {
      Thread.sleep(forTimeInterval: 0.05)
      syncPending()
    }
  }

  /// Syncs every file written since the last round. The flushes run on duplicates of the descriptors,
  /// outside the lock: appends go on meanwhile, and a writer may close its own descriptor (whose number
  /// may then be reused) without the group commit ever syncing the wrong file.
  private func syncPending() {
    let batch: [(copy: Int32, path: String)] = state.withLock { state in
      defer { state.pending.removeAll() }
      guard state.failure == nil else { return [] }
      return state.pending.compactMap { descriptor in
        guard let path = state.open[descriptor] else { return nil }
        let copy = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
        return copy >= 0 ? (copy, path) : nil
      }
    }
    var failed = false
    for (copy, path) in batch {
      // The failure is kept in the state; the writers see it at their next write.
      if !failed {
        do { try record(syncData(copy), path: path) } catch { failed = true }
      }
      close(copy)
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
      throw TranscriptError(path: path, code: errno)
    }
    // The root may be a link an operator made to another disk; below it, a link could send transcripts
    // anywhere, so none is followed.
    var info = stat()
    guard (parent == nil ? stat(path, &info) : lstat(path, &info)) == 0, (info.st_mode & S_IFMT) == S_IFDIR
    else {
      throw TranscriptError(path: path, reason: "not a directory (a symbolic link is refused)")
    }
    if info.st_mode & 0o777 != 0o700, info.st_uid == getuid(), chmod(path, 0o700) != 0 {
      throw TranscriptError(path: path, code: errno)
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
  static func writeAll(_ data: some ContiguousBytes, to descriptor: Int32, path: String) throws(TranscriptError) {
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
    if let failure { throw TranscriptError(path: path, code: failure) }
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
