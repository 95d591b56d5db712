import ArgumentParser
import Foundation
import TranscriptStore

/// Where transcripts are kept, the same option on every command that writes or reads them.
struct StoreOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Where transcripts are kept: a folder, file:DIR, or postgres://USER@HOST:PORT/DB "
        + "(?host=/socket/folder for a Unix socket; the password from the URL, PGPASSWORD or ~/.pgpass). "
        + "Default: $CRSCHECK_STORE, else the folder Transcripts.",
      valueName: "dir|url"))
  var store: String?

  @Option(help: ArgumentHelp("The same as --store DIR (kept from earlier versions).", visibility: .hidden))
  var transcripts: String?

  func validate() throws {
    if store != nil && transcripts != nil { throw ValidationError("give --store or --transcripts, not both") }
    _ = try location
  }

  /// The store named by the option, the environment, or the default folder.
  var location: StoreLocation {
    get throws {
      let text =
        store ?? transcripts ?? ProcessInfo.processInfo.environment["CRSCHECK_STORE"] ?? "Transcripts"
      do {
        return try StoreLocation(text)
      } catch {
        throw ValidationError("--store: \(error)")
      }
    }
  }
}
