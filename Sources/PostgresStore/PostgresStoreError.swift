import TranscriptStore

/// A PostgreSQL store that cannot be used, with what to do about it. Never a password, never patient text.
public struct PostgresStoreError: Error, Sendable, CustomStringConvertible {
  public var description: String

  init(_ location: PostgresLocation, _ problem: String, _ cause: (any Error)?) {
    description =
      "\(location): \(problem)" + (cause.map { ": " + PostgresTranscriptSink.reason($0) } ?? "")
  }
}
