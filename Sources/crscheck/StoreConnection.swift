import ArgumentParser
import Logging
import PostgresStore
import TranscriptStore

/// The store a command that is not a service writes through: files, or PostgreSQL running beside it in a
/// task until `close`.
struct StoreConnection {
  let sink: any TranscriptSink
  private let running: Task<Void, any Error>?

  /// Opens the store, and for PostgreSQL checks its schema, waiting; a store that cannot be used stops the
  /// command with the reason.
  init(_ location: StoreLocation, policy: SyncPolicy) throws {
    switch location {
    case .files(let root):
      sink = FileTranscriptSink(store: TranscriptStore(root: root, policy: policy), shards: 1)
      running = nil
    case .postgres(let location):
      let postgres = PostgresTranscriptSink(location: location, logger: Logger.quiet(label: "crscheck.store"))
      sink = postgres
      running = Task { try await postgres.run() }
      let problem: PostgresStoreError? = Blocking.wait { done in
        Task {
          do throws(PostgresStoreError) {
            try await postgres.checkSchema()
            done(nil)
          } catch {
            done(error)
          }
        }
      }
      if let problem {
        running?.cancel()
        throw ValidationError("\(problem)")
      }
    }
  }

  /// Keeps everything handed over, then stops.
  func close() {
    sink.shutDown()
    running?.cancel()
  }
}

extension Logger {
  /// For commands that report their own failures: only the store's errors reach standard error (the
  /// connection pool warns of requests made while it starts, which are not a person's concern).
  static func quiet(label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = .error
    return logger
  }
}
