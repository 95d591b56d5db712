import CEditLine

#if canImport(Glibc)
  import Glibc
#endif

/// Line editing at a terminal through libedit: arrows, in-session history, Tab completion of the
/// current question's choices. History is health information, so it stays in memory and is cleared
/// when the session ends; it is never written to disk.
public final class EditLineSource: LineSource {
  public let limit: Int
  private let libedit = LibeditThread()

  public init(limit: Int = 4096) {
    self.limit = limit
    libedit.perform {
      ceditline_set_name("crscheck")
      ceditline_set_catch_signals(0)
      // On the libedit thread, so that Ctrl-C interrupts the readline() that thread is in.
      InterruptForwarding.install()
      ceditline_set_completion { text, _, _ in
        ceditline_disable_filename_completion()
        guard let text else { return nil }
        return ceditline_completion_matches(text) { prefix, state in
          guard let prefix, let match = CompletionList.match(String(cString: prefix), restart: state == 0)
          else { return nil }
          return strdup(match)
        }
      }
    }
  }

  deinit {
    libedit.perform {
      clear_history()
      signal(SIGINT, SIG_DFL)
    }
    CompletionList.set([])
  }

  public func next(prompt: String) -> LineInput {
    libedit.perform {
      errno = 0
      guard let raw = readline(prompt) else {
        return errno == EINTR ? .interrupted : .end
      }
      defer { free(raw) }
      let length = strlen(raw)
      let input = check(
        UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self), count: length))
      if case .line(let text) = input, !text.allSatisfy(\.isWhitespace) {
        add_history(raw)
      }
      return input
    }
  }

  public func offer(completions: [String]) {
    CompletionList.set(completions)
  }
}
