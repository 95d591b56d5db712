import Foundation
import Logging

/// Keeps every line the server logs, so a test can check what was reported, how loudly, and that no
/// patient text was among it.
final class LogRecorder: Sendable {
  struct Entry: Sendable {
    var level: Logger.Level
    /// The message and its metadata, as one line.
    var text: String
  }

  private let lock = NSLock()
  nonisolated(unsafe) private var recorded: [Entry] = []

  var entries: [Entry] { lock.withLock { recorded } }

  /// Everything logged, as one text, for checking that some words never appear in it.
  var all: String { entries.map(\.text).joined(separator: "\n") }

  func handler(label: String) -> any LogHandler { Handler(recorder: self) }

  fileprivate func append(_ entry: Entry) {
    lock.withLock { recorded.append(entry) }
  }

  private struct Handler: LogHandler {
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
      get { metadata[key] }
      set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
      let fields = metadata.merging(event.metadata ?? [:]) { $1 }.sorted { $0.key < $1.key }
        .map { "\($0.key)=\($0.value)" }
      recorder.append(
        Entry(level: event.level, text: ([event.message.description] + fields).joined(separator: " ")))
    }
  }
}
