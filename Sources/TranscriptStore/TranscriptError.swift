#if canImport(Glibc)
  import Glibc
#endif

/// Why a transcript could not be written, with the path and the system's reason. Never patient text.
public struct TranscriptError: Error, Sendable, Hashable, CustomStringConvertible {
  public var path: String
  public var reason: String
  /// The disk (or the owner's quota) is full: told apart from a crash in the transcript and the queue.
  public var isDiskFull: Bool
  /// The errno behind it, when a system call failed.
  public var code: Int32?

  public init(path: String, reason: String, isDiskFull: Bool = false) {
    self.path = path
    self.reason = reason
    self.isDiskFull = isDiskFull
  }

  /// The system's reason for `code` (an errno); a symbolic link refused (`O_NOFOLLOW`) is said so.
  init(path: String, code: Int32) {
    self.init(
      path: path, reason: code == ELOOP ? "is a symbolic link; refused" : String(cString: strerror(code)),
      isDiskFull: code == ENOSPC || code == EDQUOT)
    self.code = code
  }

  public var description: String { "cannot write transcript \(path): \(reason)" }
}
