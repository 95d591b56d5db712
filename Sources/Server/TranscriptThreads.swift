import NIOPosix

/// Threads for the transcript work of conversations: creating a file, appending records and the fsyncs
/// that end a session all block. Run on Swift's cooperative pool, which is only as wide as the machine's
/// cores, one patient's fsync stalled every other conversation; `make bench` measured half the
/// throughput it has with this pool.
struct TranscriptThreads: Sendable {
  private let pool: NIOThreadPool

  /// Enough for the fsyncs of many session ends at once, each mostly waiting on the disk.
  init(threads: Int = 16) {
    pool = NIOThreadPool(numberOfThreads: threads)
  }

  func start() { pool.start() }

  func shutDown() async throws { try await pool.shutdownGracefully() }

  /// Runs `work` with `value` on a pool thread. The value, a consultation say, belongs to one
  /// connection, which waits here until the work is done, so only one thread ever uses it at a time;
  /// that hand-over is what makes passing it across safe.
  func run<Value, Result>(_ value: Value, _ work: @escaping @Sendable (Value) -> Result) async throws
    -> Result
  {
    let input = Handoff(value: value)
    return try await pool.runIfActive { Handoff(value: work(input.value)) }.value
  }

  private struct Handoff<T>: @unchecked Sendable {
    var value: T
  }
}
