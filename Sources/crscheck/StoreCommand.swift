import ArgumentParser
import Logging
import PostgresStore
import TranscriptStore

struct StoreCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "store",
    abstract: "Set up and move the transcript store (docs/DEPLOYMENT.md).",
    subcommands: [StoreMigrateCommand.self, StoreCopyCommand.self]
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
    let sink = try PostgresTranscriptSink(location: location, logger: logger)
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

struct StoreCopyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "copy",
    abstract:
      "Copy every transcript, sign-off and audit entry from one store to another, verifying each chain.",
    discussion: """
      Each transcript is checked before it is copied (one with signs of tampering is reported and not copied) \
      and read back from the destination and checked again. Lines are copied exactly, so their hashes hold. \
      What the destination already has is left alone: run it twice and the second run copies nothing. \
      Exits 1 if any transcript could not be copied.
      """)

  @Option(help: "The store to copy from: a folder, file:DIR or postgres://…")
  var from: String

  @Option(help: "The store to copy to.")
  var to: String

  func run() throws {
    let source = try StoreConnection(Self.location(from, "--from"), policy: .always)
    let destination = try StoreConnection(Self.location(to, "--to"), policy: .always)
    defer {
      source.close()
      destination.close()
    }
    var copied = 0
    var present = 0
    var failed = 0
    for transcript in try source.library.transcripts() {
      let name = transcript.session
      let problems = source.library.verify(transcript)
      if problems.contains(where: \.isTampering) {
        failed += 1
        Console.error("\(name): not copied: \(problems.map(\.description).joined(separator: "; "))")
        continue
      }
      if let there = try? destination.library.transcript(of: name) {
        if there.lines == transcript.lines {
          present += 1
        } else {
          failed += 1
          Console.error("\(name): the destination holds a different transcript of this session; left alone")
        }
        continue
      }
      var outcome: TranscriptError?
      do {
        try Blocking.run { () async throws(TranscriptError) in try await destination.sink.place(transcript) }
      } catch {
        outcome = error
      }
      if let outcome {
        failed += 1
        Console.error("\(name): not copied: \(outcome)")
        continue
      }
      let copy = try destination.library.transcript(of: name)
      let after = destination.library.verify(copy)
      guard copy.lines == transcript.lines, !after.contains(where: \.isTampering) else {
        failed += 1
        Console.error(
          "\(name): the copy does not verify: \(after.map(\.description).joined(separator: "; "))")
        continue
      }
      copied += 1
    }
    var entries = 0
    for (from, to) in [
      (source.library.signOffs, destination.library.signOffs),
      (source.library.audit, destination.library.audit),
    ] {
      let there = Set(to.entries())
      for entry in from.entries() where !there.contains(entry) {
        try to.append(entry)
        entries += 1
      }
    }
    Console.write(
      "crscheck store copy: \(copied) transcripts copied, \(present) already there, \(failed) not copied; "
        + "\(entries) sign-off and audit entries copied")
    if failed > 0 { throw ExitCode.failure }
  }

  static func location(_ text: String, _ option: String) throws -> StoreLocation {
    do {
      return try StoreLocation(text)
    } catch {
      throw ValidationError("\(option): \(error)")
    }
  }
}
