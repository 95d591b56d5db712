import ArgumentParser
import Logging
import PostgresStore
import TranscriptStore

struct StoreCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "store",
    abstract: "Set up and move the transcript store (docs/DEPLOYMENT.md).",
    subcommands: [StoreMigrateCommand.self]
  )
}

struct StoreMigrateCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "migrate",
    abstract: "Create or update the PostgreSQL tables, as the database's owner (not the application's role).",
    discussion: "Safe to run again, and from two places at once: what is done already is not done twice.")

  @OptionGroup var store: StoreOptions

  @Option(help: "Grant this role what crscheck serve needs: read, and add to the append-only tables.")
  var appRole: String?

  func validate() throws {
    if let appRole, !Migrations.isPlainRole(appRole) {
      throw ValidationError("--app-role: \(appRole) is not a plain role name (lower-case letters, digits, _)")
    }
  }

  func run() async throws {
    guard case .postgres(let location) = try store.location else {
      Console.write(
        "crscheck store migrate: \(try store.location) is a folder of files; there is nothing to migrate")
      return
    }
    let logger = Logger.quiet(label: "crscheck.store")
    let sink = PostgresTranscriptSink(location: location, logger: logger)
    let applied = try await sink.whileRunning {
      try await sink.migrate(grantingTo: appRole)
    }
    Console.write(
      applied.isEmpty
        ? "crscheck store migrate: \(location) is at schema version \(Migrations.current); nothing to do"
        : "crscheck store migrate: \(location): applied version \(applied.map(String.init).joined(separator: ", "))"
    )
  }
}
