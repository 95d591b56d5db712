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

  /// Runs async work from synchronous code (a command, a review call) and waits for it, with its error:
  /// the one bridge from the async store to callers that are not async. Never call it on the cooperative
  /// pool, which it would hold while the work needs it.
  public static func run<Value: Sendable, Failure: Error>(
    _ work: @escaping @Sendable () async throws(Failure) -> Value
  ) throws(Failure) -> Value {
    let result: Result<Value, Failure> = wait { done in
      Task {
        do throws(Failure) {
          done(.success(try await work()))
        } catch {
          done(.failure(error))
        }
      }
    }
    return try result.get()
  }
}
