import Crypto
import DialogEngine
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Appends one session's records to `YYYY/MM/DD/<session>.jsonl`: one JSON object per line, each
/// carrying the SHA-256 of the line before it. Files are 0600 and never overwritten; when the session
/// ends its last hash goes into the day's index, so a later truncation shows too. Used by one thread at a
/// time (a `TranscriptSink` shard's), so it keeps its place in the file without a lock.
public final class TranscriptWriter {
  public let path: String
  public let session: String
  private let folder: String
  private let store: TranscriptStore
  private let descriptor: Int32
  private var seq = 0
  private var lastHash: String?
  private var finished = false
  /// The bytes of whole records written so far: a failed write is cut back to here.
  private var length: off_t = 0
  /// The first failed write; the writer takes no more records after it, so that the file stays an
  /// unbroken beginning of the session rather than one with a record missing from its middle.
  private var failure: TranscriptError?

  init(store: TranscriptStore, folder: String, session: String) throws(TranscriptError) {
    self.store = store
    self.folder = folder
    self.session = session
    path = "\(folder)/\(session).jsonl"
    descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw TranscriptError(path: path, code: errno) }
    store.durability.register(descriptor, path: path)
    store.durability.created(in: folder)
    store.keepReserve()
  }

  /// Takes up a transcript whose conversation is resumed: appends after its `records` lines, chaining from
  /// the hash of the last. The file must exist; nothing is created.
  init(
    store: TranscriptStore, folder: String, session: String, continuingAfter records: Int, lastHash: String
  ) throws(TranscriptError) {
    self.store = store
    self.folder = folder
    self.session = session
    path = "\(folder)/\(session).jsonl"
    descriptor = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC)
    guard descriptor >= 0 else { throw TranscriptError(path: path, code: errno) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      let code = errno
      close(descriptor)
      throw TranscriptError(path: path, code: code)
    }
    length = info.st_size
    seq = records
    self.lastHash = lastHash
    store.durability.register(descriptor, path: path)
    store.keepReserve()
  }

  deinit {
    store.durability.unregister(descriptor)
    close(descriptor)
  }

  /// Writes one record as one line; `seq` and `prev` are assigned here, in file order.
  public func append(_ record: TranscriptRecord) throws(TranscriptError) {
    try append(contentsOf: [record])
  }

  /// Writes records, one line each, in one write: a turn's records reach the file together or not at all.
  public func append(contentsOf records: [TranscriptRecord]) throws(TranscriptError) {
    guard !records.isEmpty else { return }
    if let failure { throw failure }
    try store.durability.checkHealthy()
    var bytes: [UInt8] = []
    var hash = lastHash
    var number = seq
    for record in records {
      let (line, lineHash) = encode(record, seq: number, prev: hash)
      bytes += line
      hash = lineHash
      number += 1
    }
    do {
      try write(bytes, records: records.count, lastHash: hash)
    } catch {
      if error.isDiskFull, !finished {
        // What was saved is ended as cut short by the disk, in the space kept back for this.
        store.releaseReserve()
        finished = true
        var end = TranscriptRecord(seq: 0, at: records[0].at, type: .end)
        end.ending = .diskFull
        try? writeEnd(end)
      }
      throw error
    }
    try store.durability.wrote(descriptor, path: path)
  }

  /// Lets the file go without ending the session, whose conversation may yet be resumed: what was written
  /// is synced first under `batch`, as the group commit would have (it forgets a writer let go).
  public func release() throws(TranscriptError) {
    guard failure == nil, store.policy == .batch else { return }
    try store.durability.sync(descriptor, path: path)
  }

  /// Ends the session with its `end` record, once, and waits until it is durable as the policy says.
  public func finish(with end: TranscriptRecord) throws(TranscriptError) {
    if let failure = Blocking.wait(for: { finish(with: end, done: $0) }) { throw failure }
  }

  /// Ends the session with its `end` record, once; `done` is told when it is written and durable. The day
  /// index learns of the end first, with the hash the end line will have and the hash of the line before
  /// it, and only then is the end line written: so a crash between the two leaves a file one record short
  /// of an entry that says exactly where it stopped, which reads as a crash, never as tampering. A writer
  /// that failed indexes nothing: its file reads as the incomplete session it is. Under group commit the
  /// end is finished by the group commit's thread, with the other sessions ending meanwhile.
  public func finish(with end: TranscriptRecord, done: @escaping @Sendable (TranscriptError?) -> Void) {
    guard !finished else { return done(nil) }
    finished = true
    if let failure { return done(failure) }
    do throws(TranscriptError) {
      try store.durability.checkHealthy()
      guard let groupCommit = store.groupCommit else {
        try writeEnd(end)
        return done(nil)
      }
      let (line, hash) = encode(end, seq: seq, prev: lastHash)
      let copy = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
      guard copy >= 0 else { throw TranscriptError(path: path, code: errno) }
      groupCommit.end(
        GroupCommit.PendingEnd(
          descriptor: copy, path: path, length: length, index: indexItem(end, hash: hash), line: line,
          done: done
        ))
    } catch {
      done(error)
    }
  }

  /// The index entry, then the end line, each synced (under `always`) or left to the system (`never`).
  private func writeEnd(_ end: TranscriptRecord) throws(TranscriptError) {
    let (line, hash) = encode(end, seq: seq, prev: lastHash)
    try store.durability.sync(descriptor, path: path)
    if let failure = store.index.append([indexItem(end, hash: hash)])[0] { throw failure }
    try write(line, records: 1, lastHash: hash)
    try store.durability.sync(descriptor, path: path)
  }

  private func indexItem(_ end: TranscriptRecord, hash: String) -> DayIndexAppender.Item {
    DayIndexAppender.Item(
      entry: DayIndex.Entry(
        session: session, records: seq + 1, last: hash, prev: lastHash ?? "",
        ending: end.ending?.rawValue ?? "",
        at: Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))),
      folder: folder)
  }

  /// A record as its line (with the newline) and the hash of the line without it, numbered and chained.
  private func encode(_ record: TranscriptRecord, seq: Int, prev: String?) -> (line: [UInt8], hash: String) {
    var record = record
    record.seq = seq
    record.prev = prev
    var line = TranscriptSchema.line(record)
    let hash = Self.hash(line)
    line.append(0x0A)
    return (line, hash)
  }

  /// Writes whole lines; after a failure the writer takes no more. A file left empty is removed: nothing
  /// of the conversation was saved, and an empty file would read as a crash.
  private func write(_ bytes: [UInt8], records: Int, lastHash hash: String?) throws(TranscriptError) {
    do {
      try DiskWrites.writeAll(bytes, to: descriptor, path: path)
    } catch {
      // A full disk leaves part of the lines written: cut them off, so no torn line reads as a crash.
      ftruncate(descriptor, length)
      failure = error
      if length == 0 {
        unlink(path)
        finished = true
      }
      throw error
    }
    length += off_t(bytes.count)
    seq += records
    lastHash = hash
  }

  /// The hex SHA-256 of a line's bytes, without its newline.
  public static func hash(_ line: some DataProtocol) -> String {
    SHA256.hex(of: line)
  }
}
