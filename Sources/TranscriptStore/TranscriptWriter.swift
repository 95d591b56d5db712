import DialogEngine
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Appends one session's records to `DIR/YYYY/MM/DD/<session>.jsonl`. Transcripts are health records:
/// folders are 0700 and files 0600 whatever the umask, and a file is never overwritten.
public final class TranscriptWriter {
  public let path: String
  private let descriptor: Int32
  private var seq = 0
  private let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .custom { date, encoder in
      var container = encoder.singleValueContainer()
      try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }
    return encoder
  }()

  /// Creates the session's file. `directory` is the transcripts root (`Transcripts/` by default).
  public init(directory: String, session: String, startedAt: Date) throws(TranscriptError) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let parts = calendar.dateComponents([.year, .month, .day], from: startedAt)
    let day = [
      String(format: "%04d", parts.year ?? 0), String(format: "%02d", parts.month ?? 0),
      String(format: "%02d", parts.day ?? 0),
    ]
    var folder = directory
    try Self.makePrivateDirectory(folder)
    for part in day {
      folder += "/" + part
      try Self.makePrivateDirectory(folder)
    }
    path = "\(folder)/\(session).jsonl"
    descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw TranscriptError(path: path, reason: String(cString: strerror(errno))) }
  }

  deinit {
    close(descriptor)
  }

  /// Writes one record as one line. `seq` is assigned here, so records are numbered in file order.
  public func append(_ record: TranscriptRecord) throws(TranscriptError) {
    var record = record
    record.seq = seq
    var line: Data
    do {
      line = try encoder.encode(record)
    } catch {
      throw TranscriptError(path: path, reason: "cannot encode a record: \(error)")
    }
    line.append(0x0A)
    let failure = line.withUnsafeBytes { buffer -> Int32? in
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
    seq += 1
  }

  /// Makes what was written durable; called when a session ends.
  public func sync() throws(TranscriptError) {
    guard fsync(descriptor) == 0 else {
      throw TranscriptError(path: path, reason: String(cString: strerror(errno)))
    }
  }

  private static func makePrivateDirectory(_ path: String) throws(TranscriptError) {
    if mkdir(path, 0o700) != 0 && errno != EEXIST {
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
}
