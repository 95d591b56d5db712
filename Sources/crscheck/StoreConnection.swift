import ArgumentParser
import Logging
import PostgresStore
import Synchronization
import TranscriptStore

/// The store a command that is not a service writes through: files, or PostgreSQL running beside it in a
/// task until `close`.
struct StoreConnection: Sendable {
  let sink: any TranscriptSink
  /// The same store as the review commands read it.
  let library: any TranscriptLibrary
  private let running: Task<Void, any Error>?

  /// One connection per store for the whole process: the review prompt runs many commands, each of which
  /// would otherwise start a connection pool of its own.
  static func shared(_ location: StoreLocation) throws -> StoreConnection {
    if let open = opened.withLock({ $0[location.description] }) { return open }
    let connection = try StoreConnection(location, policy: .always)
    opened.withLock { $0[location.description] = connection }
    return connection
  }

  private static let opened = Mutex<[String: StoreConnection]>([:])

  /// Opens the store, and for PostgreSQL checks its schema, waiting; a store that cannot be used stops the
  /// command with the reason.
  init(_ location: StoreLocation, policy: SyncPolicy) throws {
    switch location {
    case .files(let root):
      sink = FileTranscriptSink(store: TranscriptStore(root: root, policy: policy), shards: 1)
      library = TranscriptArchive(root: root)
      running = nil
    case .postgres(let location):
      let postgres = try PostgresTranscriptSink(
        location: location, logger: Logger.quiet(label: "crscheck.store"))
      sink = postgres
      library = PostgresLibrary(sink: postgres)
      running = Task { try await postgres.run() }
      do {
        try Blocking.run { () async throws(PostgresStoreError) in try await postgres.checkSchema() }
      } catch {
        running?.cancel()
        throw ValidationError("\(error)")
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
