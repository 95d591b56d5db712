import Foundation
import Logging
import PostgresNIO
import TranscriptStore

/// The database as the review commands read it: every transcript, the sign-offs and the audit log. The
/// commands are synchronous; each call waits for its query, with the store running beside it.
public struct PostgresLibrary: TranscriptLibrary {
  let sink: PostgresTranscriptSink
  public let signOffs: any ReviewLog
  public let audit: any ReviewLog
  public let accounts: any ReviewLog

  public init(sink: PostgresTranscriptSink) {
    self.sink = sink
    signOffs = PostgresReviewLog(sink: sink, table: .signOffs)
    audit = PostgresReviewLog(sink: sink, table: .audit)
    accounts = PostgresReviewLog(sink: sink, table: .accounts)
  }

  public func sessions() throws(TranscriptError) -> [String] {
    try sink.waiting("list the sessions") {
      var sessions: [String] = []
      for try await session in try await sink.client.query(
        "SELECT session FROM transcript_records WHERE seq = 0 ORDER BY session", logger: sink.logger
      ).decode(String.self) {
        sessions.append(session)
      }
      return sessions
    }
  }

  public func transcript(of session: String) throws(TranscriptError) -> Transcript {
    guard let id = SessionID(session) else { throw .noSession(session) }
    return try sink.waiting("read \(session)") { try await sink.transcript(of: id) }
  }

  public func transcripts() throws(TranscriptError) -> [Transcript] {
    try sink.waiting("read the transcripts") {
      var transcripts: [Transcript] = []
      var current: (session: String, lines: [String])?
      for try await (session, line) in try await sink.client.query(
        "SELECT session, line FROM transcript_records ORDER BY session, seq", logger: sink.logger
      ).decode((String, String).self) {
        if current?.session != session {
          if let current { transcripts.append(sink.transcript(current.session, current.lines)) }
          current = (session, [])
        }
        current?.lines.append(line)
      }
      if let current { transcripts.append(sink.transcript(current.session, current.lines)) }
      return transcripts
    }
  }

  public func verify(_ transcript: Transcript) -> [TranscriptProblem] {
    Blocking.run { await sink.verify(transcript) }
  }
}

/// Sign-offs, audit entries and account events as rows of append-only tables, each entry's JSON as its line.
struct PostgresReviewLog: ReviewLog {
  enum Table {
    case signOffs
    case audit
    case accounts

    /// What a failure says it was doing.
    var name: String {
      switch self {
      case .signOffs: "the sign-offs"
      case .audit: "the audit log"
      case .accounts: "the desk's accounts"
      }
    }
  }

  let sink: PostgresTranscriptSink
  let table: Table

  func append(_ entry: [String: String]) throws(TranscriptError) {
    let line = String(
      decoding: (try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys])) ?? Data(),
      as: UTF8.self)
    try sink.waiting("add to \(table.name)") {
      switch table {
      case .signOffs:
        _ = try await sink.client.query(
          "INSERT INTO signoffs (session, at, line) VALUES (\(entry["session"] ?? ""), now(), \(line))",
          logger: sink.logger)
      case .audit:
        _ = try await sink.client.query(
          "INSERT INTO audit_events (at, line) VALUES (now(), \(line))", logger: sink.logger)
      case .accounts:
        _ = try await sink.client.query(
          "INSERT INTO desk_account_events (at, line) VALUES (now(), \(line))", logger: sink.logger)
      }
    }
  }

  func entries() -> [[String: String]] {
    (try? sink.waiting("read \(table.name)") {
      var entries: [[String: String]] = []
      let rows =
        switch table {
        case .signOffs:
          try await sink.client.query("SELECT line FROM signoffs ORDER BY id", logger: sink.logger)
        case .audit:
          try await sink.client.query("SELECT line FROM audit_events ORDER BY id", logger: sink.logger)
        case .accounts:
          try await sink.client.query("SELECT line FROM desk_account_events ORDER BY id", logger: sink.logger)
        }
      for try await line in rows.decode(String.self) {
        if let entry = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String] {
          entries.append(entry)
        }
      }
      return entries
    }) ?? []
  }
}

extension PostgresTranscriptSink {
  /// Runs a query from synchronous code and waits for it; a failure names what was being done, never data.
  func waiting<Result: Sendable>(_ doing: String, _ body: @escaping @Sendable () async throws -> Result)
    throws(TranscriptError) -> Result
  {
    let location = location
    return try Blocking.run { () async throws(TranscriptError) -> Result in
      do {
        return try await body()
      } catch let error as TranscriptError {
        throw error
      } catch {
        throw TranscriptError(
          path: "\(location)", reason: "cannot \(doing): \(Self.reason(error))", action: .read)
      }
    }
  }

  func transcript(_ session: String, _ lines: [String]) -> Transcript {
    Transcript(session: session, location: "\(location) session \(session)", lines: lines)
  }
}
