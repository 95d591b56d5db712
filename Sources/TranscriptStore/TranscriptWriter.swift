import Crypto
import DialogEngine
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Appends one session's records to `YYYY/MM/DD/<session>.jsonl`: one JSON object per line, each
/// carrying the SHA-256 of the line before it. Files are 0600 and never overwritten; when the session
/// ends its last hash goes into the day's index, so a later truncation shows too.
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
    store.register(descriptor, path: path)
    if store.policy != .never { TranscriptStore.syncDirectory(folder) }
    store.keepReserve()
  }

  deinit {
    store.unregister(descriptor)
    close(descriptor)
  }

  /// Writes one record as one line; `seq` and `prev` are assigned here, in file order.
  public func append(_ record: TranscriptRecord) throws(TranscriptError) {
    if let failure { throw failure }
    try store.checkHealthy()
    let (line, hash) = encode(record)
    do {
      try write(line, hash: hash)
    } catch {
      if error.isDiskFull, !finished {
        // What was saved is ended as cut short by the disk, in the space kept back for this.
        store.releaseReserve()
        finished = true
        var end = TranscriptRecord(seq: 0, at: record.at, type: .end)
        end.ending = .diskFull
        try? writeEnd(end)
      }
      throw error
    }
    try store.wrote(descriptor, path: path)
  }

  /// Ends the session with its `end` record, once. The day index learns of the end first, with the hash
  /// the end line will have and the hash of the line before it, and only then is the end line written:
  /// so a crash between the two leaves a file one record short of an entry that says exactly where it
  /// stopped, which reads as a crash, never as tampering. A writer that failed indexes nothing: its file
  /// reads as the incomplete session it is.
  public func finish(with end: TranscriptRecord) throws(TranscriptError) {
    guard !finished else { return }
    finished = true
    if let failure { throw failure }
    try store.checkHealthy()
    try writeEnd(end)
  }

  /// The index entry, then the end line, each synced.
  private func writeEnd(_ end: TranscriptRecord) throws(TranscriptError) {
    let (line, hash) = encode(end)
    try store.sync(descriptor, path: path)
    let entry = DayIndex.Entry(
      session: session, records: seq + 1, last: hash, prev: lastHash ?? "",
      ending: end.ending?.rawValue ?? "",
      at: Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    try store.appendIndex(entry, folder: folder)
    try writeAll(line, hash: hash)
    try store.sync(descriptor, path: path)
  }

  /// A record as its line (with the newline) and the hash of the line without it, numbered and chained
  /// after the last record written.
  private func encode(_ record: TranscriptRecord) -> (line: [UInt8], hash: String) {
    var record = record
    record.seq = seq
    record.prev = lastHash
    var line = TranscriptSchema.line(record)
    let hash = Self.hash(line)
    line.append(0x0A)
    return (line, hash)
  }

  /// Writes a record's line; after a failure the writer takes no more. A file left empty is removed:
  /// nothing of the conversation was saved, and an empty file would read as a crash.
  private func write(_ line: [UInt8], hash: String) throws(TranscriptError) {
    do {
      try writeAll(line, hash: hash)
    } catch {
      failure = error
      if length == 0 {
        unlink(path)
        finished = true
      }
      throw error
    }
  }

  private func writeAll(_ line: [UInt8], hash: String) throws(TranscriptError) {
    do {
      try TranscriptStore.writeAll(line, to: descriptor, path: path)
    } catch {
      // A full disk leaves part of the line written: cut it off, so no torn line reads as a crash.
      ftruncate(descriptor, length)
      throw error
    }
    length += off_t(line.count)
    seq += 1
    lastHash = hash
  }

  /// The hex SHA-256 of a line's bytes, without its newline.
  public static func hash(_ line: some DataProtocol) -> String {
    SHA256.hex(of: line)
  }
}
