import Dispatch

/// Waits, blocking the calling thread, for work that reports through a callback: for callers that are not
/// async (the terminal's chat, a writer finished directly). The server awaits the same work instead.
public enum Blocking {
  public static func wait<Value: Sendable>(for work: (@escaping @Sendable (Value) -> Void) -> Void) -> Value {
    let signal = DispatchSemaphore(value: 0)
    let outcome = LockedState<Value?>(nil)
    work { value in
      outcome.withLock { $0 = value }
      signal.signal()
    }
    signal.wait()
    return outcome.withLock { $0 }!
  }
}
