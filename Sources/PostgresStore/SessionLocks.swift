import Logging
import NIOConcurrencyHelpers
import PostgresNIO

/// Which server's connection drives a session, for every server on the database: a PostgreSQL advisory
/// lock per session, all held on one connection of this server's own, outside the pool. When the server
/// dies, its connection closes and the database lets go of every lock at once, so a kiosk can resume on
/// another server straight away. Advisory locks stack within one connection, so this process also keeps
/// the set of sessions it holds.
final class SessionLocks: Sendable {
  private let configuration: PostgresConnection.Configuration
  private let logger: Logger
  private let state = NIOLockedValueBox(State())

  private struct State {
    var held: Set<String> = []
    var connection: PostgresConnection?
  }

  init(configuration: PostgresConnection.Configuration, logger: Logger) {
    self.configuration = configuration
    self.logger = logger
  }

  /// Takes the session; false when a connection here or another server holds it, or the database cannot say.
  func take(_ session: String) async -> Bool {
    guard state.withLockedValue({ $0.held.insert(session).inserted }) else { return false }
    do {
      var taken = false
      for try await granted in try await connection().query(
        "SELECT pg_try_advisory_lock(hashtextextended(\(session), 0))", logger: logger
      ).decode(Bool.self) {
        taken = granted
      }
      if !taken { _ = state.withLockedValue { $0.held.remove(session) } }
      return taken
    } catch {
      _ = state.withLockedValue { $0.held.remove(session) }
      forget()
      logger.error("cannot take a session lock in the database", metadata: ["error": "\(error)"])
      return false
    }
  }

  func release(_ session: String) async {
    guard state.withLockedValue({ $0.held.remove(session) }) != nil else { return }
    do {
      _ = try await connection().query(
        "SELECT pg_advisory_unlock(hashtextextended(\(session), 0))", logger: logger)
    } catch {
      // A lock on a lost connection went with it.
      forget()
    }
  }

  func close() async {
    let connection = state.withLockedValue { state in
      defer { state.connection = nil }
      return state.connection
    }
    try? await connection?.close()
  }

  private func connection() async throws -> PostgresConnection {
    if let open = state.withLockedValue({ $0.connection }), !open.isClosed { return open }
    let fresh = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
    // Another task may have connected meanwhile: one connection holds every lock.
    let chosen = state.withLockedValue { state in
      if let open = state.connection, !open.isClosed { return open }
      state.connection = fresh
      return fresh
    }
    if chosen !== fresh { try? await fresh.close() }
    return chosen
  }

  private func forget() {
    state.withLockedValue { $0.connection = nil }
  }
}
