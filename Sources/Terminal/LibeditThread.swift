import Foundation

/// Runs every libedit call on one thread of its own. libedit keeps global state and blocks in
/// `readline()`; called from Swift concurrency's pool it would run on whichever pool thread the caller
/// happens to be on (and has been seen to crash there), so all of it happens here instead.
final class LibeditThread: @unchecked Sendable {
  private let condition = NSCondition()
  private var job: (() -> Void)?
  private var pending = false

  init() {
    let thread = Thread { [self] in serve() }
    thread.name = "libedit"
    thread.start()
  }

  /// Runs `work` on the libedit thread and waits for it.
  func perform<T>(_ work: () -> T) -> T {
    withoutActuallyEscaping(work) { work in
      var result: T?
      condition.lock()
      job = { result = work() }
      pending = true
      condition.broadcast()
      while pending { condition.wait() }
      job = nil
      condition.unlock()
      return result!
    }
  }

  private func serve() {
    condition.lock()
    while true {
      while !pending { condition.wait() }
      let work = job!
      condition.unlock()
      work()
      condition.lock()
      pending = false
      condition.broadcast()
    }
  }
}
