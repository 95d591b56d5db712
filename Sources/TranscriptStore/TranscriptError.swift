#if canImport(Glibc)
  import Glibc
#endif

/// Why a transcript could not be written, with the path and the system's reason. Never patient text.
public struct TranscriptError: Error, Sendable, Hashable, CustomStringConvertible {
  public var path: String
  public var reason: String
  /// The disk (or the owner's quota) is full: told apart from a crash in the transcript and the queue.
  public var isDiskFull: Bool
  /// What was being done: a write, a read, or finding a session by its id.
  public var action: Action
  /// The errno behind it, when a system call failed.
  public var code: Int32?

  public enum Action: Sendable, Hashable {
    case write
    case read
    case find
  }

  public init(path: String, reason: String, isDiskFull: Bool = false, action: Action = .write) {
    self.path = path
    self.reason = reason
    self.isDiskFull = isDiskFull
    self.action = action
  }

  /// The system's reason for `code` (an errno); a symbolic link refused (`O_NOFOLLOW`) is said so.
  init(path: String, code: Int32, action: Action = .write) {
    self.init(
      path: path, reason: code == ELOOP ? "is a symbolic link; refused" : String(cString: strerror(code)),
      isDiskFull: code == ENOSPC || code == EDQUOT, action: action)
    self.code = code
  }

  /// A session id that names no transcript.
  public static func noSession(_ id: String) -> TranscriptError {
    TranscriptError(path: id, reason: "no such session in the transcripts", action: .find)
  }

  public var description: String {
    switch action {
    case .write: "cannot write \(path): \(reason)"
    case .read: "cannot read \(path): \(reason)"
    case .find: "\(path): \(reason)"
    }
  }
}
