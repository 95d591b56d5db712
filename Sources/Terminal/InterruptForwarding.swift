#if canImport(Glibc)
  import Glibc
#endif

/// Makes Ctrl-C interrupt `readline()` (it returns NULL with errno EINTR) instead of ending the program.
/// The kernel may deliver SIGINT to any thread of the process, so the handler passes it on to the
/// thread that reads; it is installed without SA_RESTART and unblocked, as a parent may hand it down
/// blocked.
enum InterruptForwarding {
  /// Written once, before the handler is installed; the handler only reads it.
  nonisolated(unsafe) private static var reader = pthread_self()

  static func install() {
    reader = pthread_self()
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { signal in
      if pthread_equal(pthread_self(), InterruptForwarding.reader) == 0 {
        pthread_kill(InterruptForwarding.reader, signal)
      }
    }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
    var interrupt = sigset_t()
    sigemptyset(&interrupt)
    sigaddset(&interrupt, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
  }
}
