import Synchronization

/// libedit calls completion through a C function pointer that cannot capture, so the words of the
/// current question live here, behind a lock.
enum CompletionList {
  private static let state = Mutex<(words: [String], matches: [String])>(([], []))

  static func set(_ words: [String]) {
    state.withLock { $0.words = words }
  }

  /// The generator protocol of readline: state 0 starts a new completion of `prefix`.
  static func match(_ prefix: String, restart: Bool) -> String? {
    state.withLock { state in
      if restart {
        let lowered = prefix.lowercased()
        state.matches = state.words.filter { $0.lowercased().hasPrefix(lowered) }
      }
      return state.matches.isEmpty ? nil : state.matches.removeFirst()
    }
  }
}
