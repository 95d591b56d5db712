import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// An append-only JSON Lines file beside the transcripts, 0600: the sign-offs (`reviews.jsonl`), the
/// audit of who read what (`audit.jsonl`) and the desk's accounts (`accounts.jsonl`). Lines are only ever added, each with one write.
public struct FileReviewLog: ReviewLog {
  public let path: String

  public init(path: String) {
    self.path = path
  }

  public func append(_ entry: [String: String]) throws(TranscriptError) {
    var line =
      (try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys, .withoutEscapingSlashes]))
      ?? Data()
    line.append(0x0A)
    try? FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
      attributes: [.posixPermissions: 0o700])
    let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw TranscriptError(path: path, reason: String(cString: strerror(errno))) }
    defer { close(descriptor) }
    let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    guard written == line.count, fdatasync(descriptor) == 0 else {
      throw TranscriptError(path: path, reason: String(cString: strerror(errno)))
    }
  }

  public func entries() -> [[String: String]] {
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    return data.split(separator: 0x0A).compactMap {
      try? JSONSerialization.jsonObject(with: Data($0)) as? [String: String]
    }
  }
}
