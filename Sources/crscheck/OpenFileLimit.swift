#if canImport(Glibc)
  import Glibc
#endif

/// The process's limit on open files. Each conversation holds a socket and its transcript file, so the
/// common default of 1,024 would leave every patient past the five-hundredth without a saved transcript;
/// `serve` raises the limit at start, as far as the system allows, and says when that is not enough.
enum OpenFileLimit {
  /// Raises the soft limit to `needed`, or to the hard limit if that is lower; returns the limit in force.
  static func raise(toAtLeast needed: Int) -> Int {
    let files = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    var limit = rlimit()
    guard getrlimit(files, &limit) == 0 else { return needed }
    let wanted = rlim_t(needed)
    if limit.rlim_cur < wanted {
      limit.rlim_cur = min(wanted, limit.rlim_max)
      _ = setrlimit(files, &limit)
      _ = getrlimit(files, &limit)
    }
    return limit.rlim_cur >= rlim_t(Int.max) ? Int.max : Int(limit.rlim_cur)
  }

  /// File descriptors for `connections` conversations: a socket and a transcript each, and a margin for
  /// the listener, the dialog, the day index and the runtime.
  static func needed(forConnections connections: Int) -> Int { 2 * connections + reserved }

  /// The conversations `limit` descriptors can hold, with the margin kept back.
  static func connections(within limit: Int) -> Int { max(1, (limit - reserved) / 2) }

  /// Descriptors kept back for the listener, the dialog, the day index, the runtime, and for accepting
  /// the connections that are refused while the server is full.
  static let reserved = 64
}
