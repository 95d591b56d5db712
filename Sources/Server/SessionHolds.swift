import NIOConcurrencyHelpers

/// The conversations this server's connections are driving, so that two connections never drive one: a
/// resumption of a session held here is refused. With the file store this is the whole lock, as no other
/// server reads the same files.
final class SessionHolds: Sendable {
  private let held = NIOLockedValueBox(Set<String>())

  /// Takes the session for a connection; false when another holds it.
  func take(_ session: String) -> Bool {
    held.withLockedValue { $0.insert(session).inserted }
  }

  func release(_ session: String) {
    _ = held.withLockedValue { $0.remove(session) }
  }
}
