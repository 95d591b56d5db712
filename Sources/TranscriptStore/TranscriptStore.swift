import Crypto
import DialogEngine
import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
  import Glibc
#endif

/// The transcripts folder and what every session's writer shares: the sync policy with its group commit,
/// and the day indexes of finished sessions. One store per process.
public final class TranscriptStore: Sendable {
  public let root: String
  public var policy: SyncPolicy { durability.policy }
  /// How often the group commit syncs pending writes under `.batch`.
  public static let batchInterval: Duration = .milliseconds(50)

  let durability: Durability
  let index: DayIndexAppender
  /// Present under `.batch` only.
  let groupCommit: GroupCommit?

  public convenience init(root: String, policy: SyncPolicy = .batch) {
    self.init(root: root, policy: policy, syncData: { fdatasync($0) })
  }

  /// `syncData` stands in for `fdatasync`: the seam for fault tests (see `Durability`).
  package init(root: String, policy: SyncPolicy, syncData: @escaping @Sendable (Int32) -> Int32) {
    self.root = root
    durability = Durability(policy: policy, syncData: syncData)
    index = DayIndexAppender(root: root, durability: durability)
    groupCommit =
      policy == .batch
      ? GroupCommit(durability: durability, index: index, interval: Self.batchInterval) : nil
    groupCommit?.start()
  }

  deinit {
    groupCommit?.stop()
  }

  /// Syncs everything pending, ends every session handed over, and stops the group commit; `done` is told
  /// once it has.
  public func shutDown(then done: @escaping @Sendable () -> Void) {
    guard let groupCommit else { return done() }
    groupCommit.stop(then: done)
  }

  /// The same, waiting for it: for callers that are not async.
  public func shutDown() {
    Blocking.wait { done in shutDown { done(()) } }
  }

  /// The first fsync failure, after which every write fails.
  public var failure: TranscriptError? { durability.failure }

  /// Creates a session's transcript file under `YYYY/MM/DD/` of its start (UTC). Not on a disk without
  /// room for a conversation: a file that could not be written would read as a crash and fill the queue.
  public func create(session: String, startedAt: Date) throws(TranscriptError) -> TranscriptWriter {
    try durability.checkHealthy()
    var space = statvfs()
    if statvfs(root, &space) == 0, UInt64(space.f_bavail) * UInt64(space.f_frsize) < Self.minimumFree {
      throw TranscriptError(
        path: root, reason: "the disk is full; no transcript is started until space is freed",
        isDiskFull: true)
    }
    let folder = try makeDayFolder(for: startedAt)
    do {
      return try TranscriptWriter(store: self, folder: folder, session: session)
    } catch  where error.code == ENOENT {
      // The day's folder went away since it was made (an operator tidied up): make it again.
      dayFolders.withLock { _ = $0.remove(folder) }
      return try TranscriptWriter(store: self, folder: try makeDayFolder(for: startedAt), session: session)
    }
  }

  /// Opens the transcript of a conversation being resumed, to append after its `records` lines.
  public func reopen(session: SessionID, records: Int, lastHash: String) throws(TranscriptError)
    -> TranscriptWriter
  {
    try durability.checkHealthy()
    return try TranscriptWriter(
      store: self, folder: root + "/" + session.day, session: session.text, continuingAfter: records,
      lastHash: lastHash)
  }

  /// Writes a transcript copied from another store into its day folder, synced, and a finished one's entry
  /// into the day's index: the same file and entry its conversation would have left here.
  func place(_ transcript: Transcript) throws(TranscriptError) {
    guard let id = SessionID(transcript.session), let header = transcript.header,
      let last = transcript.lastLineHash
    else { throw TranscriptError(path: transcript.path, reason: "not a whole transcript; not copied") }
    try durability.checkHealthy()
    let folder = try makeDayFolder(for: header.at)
    let path = folder + "/" + id.text + ".jsonl"
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw TranscriptError(path: path, code: errno) }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    for line in transcript.lines { bytes += line + [0x0A] }
    try DiskWrites.writeAll(bytes, to: descriptor, path: path)
    try durability.check(fsync(descriptor), path: path)
    DiskWrites.syncDirectory(folder)
    guard transcript.isComplete, let end = transcript.end else { return }
    let before =
      transcript.lines.count >= 2 ? TranscriptWriter.hash(transcript.lines[transcript.lines.count - 2]) : ""
    let entry = DayIndex.Entry(
      session: id.text, records: transcript.lines.count, last: last, prev: before,
      ending: end.ending?.rawValue ?? "",
      at: Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    if let failure = index.append([DayIndexAppender.Item(entry: entry, folder: folder)])[0] { throw failure }
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

  // MARK: Internals

  /// The day folders made (or checked) already: a conversation's file is then one `open`, not four
  /// `mkdir`s and their checks.
  private let dayFolders = LockedState(Set<String>())

  private func makeDayFolder(for date: Date) throws(TranscriptError) -> String {
    let day = SessionID.day(of: date)
    let path = root + "/" + day
    if dayFolders.withLock({ $0.contains(path) }) { return path }
    var folder = root
    try makePrivateDirectory(folder, parent: nil)
    for part in day.split(separator: "/") {
      let parent = folder
      folder += "/" + part
      try makePrivateDirectory(folder, parent: parent)
    }
    dayFolders.withLock { _ = $0.insert(path) }
    return folder
  }

  /// Makes a 0700 folder (tightening an existing one we own), and syncs a new one into its parent.
  private func makePrivateDirectory(_ path: String, parent: String?) throws(TranscriptError) {
    if mkdir(path, 0o700) == 0 {
      if let parent { durability.created(in: parent) }
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

}

/// State behind a pthread mutex (NIO's lock box), with typed throws. Synchronization's `Mutex` would do, but
/// ThreadSanitizer cannot see its futex on Linux and reports false races, which would drown real ones in
/// `make sanitize`.
final class LockedState<State: Sendable>: Sendable {
  private let box: NIOLockedValueBox<State>

  init(_ state: State) {
    box = NIOLockedValueBox(state)
  }

  func withLock<Result, Failure: Error>(_ body: (inout State) throws(Failure) -> Result) throws(Failure)
    -> Result
  {
    let outcome: Swift.Result<Result, Failure> = box.withLockedValue { state in
      Swift.Result { () throws(Failure) in try body(&state) }
    }
    return try outcome.get()
  }
}
