import Logging
import ServiceLifecycle

extension ServiceGroup {
  /// Runs `services` until SIGTERM or SIGINT, which stops them gracefully in reverse order: what a command
  /// lists first (the store) stops last, once everything before it has handed over its work.
  static func runUntilSignalled(_ services: [any Service], logger: Logger) async throws {
    let group = ServiceGroup(
      configuration: .init(
        services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint],
        logger: logger))
    try await group.run()
  }
}
