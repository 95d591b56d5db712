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

  static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .custom { date, encoder in
      var container = encoder.singleValueContainer()
      try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }
    return encoder
  }()

  init(store: TranscriptStore, folder: String, session: String) throws(TranscriptError) {
    self.store = store
    self.folder = folder
    self.session = session
    path = "\(folder)/\(session).jsonl"
    descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw TranscriptError(path: path, reason: String(cString: strerror(errno))) }
    store.register(descriptor)
    if store.policy != .never { TranscriptStore.syncDirectory(folder) }
  }

  deinit {
    store.unregister(descriptor)
    close(descriptor)
  }

  /// Writes one record as one line; `seq` and `prev` are assigned here, in file order.
  public func append(_ record: TranscriptRecord) throws(TranscriptError) {
    try store.checkHealthy()
    var record = record
    record.seq = seq
    record.prev = lastHash
    var line: Data
    do {
      line = try Self.encoder.encode(record)
    } catch {
      throw TranscriptError(path: path, reason: "cannot encode a record: \(error)")
    }
    let hash = Self.hash(line)
    line.append(0x0A)
    try TranscriptStore.writeAll(line, to: descriptor, path: path)
    seq += 1
    lastHash = hash
    try store.wrote(descriptor, path: path)
  }

  /// Makes the session durable and records its last hash in the day index; called once, at the end.
  public func finish(ending: TranscriptRecord.Ending?) throws(TranscriptError) {
    guard !finished else { return }
    finished = true
    try store.sync(descriptor, path: path)
    let entry: [String: Any] = [
      "session": session, "records": seq, "last": lastHash ?? "", "ending": ending?.rawValue ?? "",
      "at": Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)),
    ]
    var line = (try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys])) ?? Data()
    line.append(0x0A)
    try store.appendIndex(line, folder: folder)
  }

  /// The hex SHA-256 of a line's bytes, without its newline.
  public static func hash(_ line: some DataProtocol) -> String {
    SHA256.hash(data: line).map { String(format: "%02x", $0) }.joined()
  }
}
