import DialogEngine
import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import ServiceLifecycle
import TranscriptStore

/// The shared store: every server's transcripts in one PostgreSQL database, so that one review queue sees
/// them all and a conversation can be resumed on any server. Records are numbered and hash-chained here,
/// exactly as in a file (the same JSON lines), and handed to one committer, which writes everything queued
/// meanwhile, from every conversation, in one transaction: a turn costs a share of a commit, not a round
/// trip per line. A write is answered once its transaction has committed. A service: run it under the
/// same ServiceGroup as the server, before it, so the server stops first.
public final class PostgresTranscriptSink: TranscriptSink, Service {
  public let location: PostgresLocation
  let client: PostgresClient
  let logger: Logger
  private let locks: SessionLocks
  private let state = NIOLockedValueBox(State())
  private let wake: AsyncStream<Void>.Continuation
  private let wakes: AsyncStream<Void>
  /// How long a commit may take before its writes are answered with a failure: a database that went away
  /// must not hold up a patient's advice (the pool itself would wait a minute).
  static let commitTimeout: Duration = .seconds(5)

  private struct State {
    var tickets = 0
    var chains: [Int: Chain] = [:]
    var queue: [Work] = []
    var stopping = false
    var stopped: [CheckedContinuation<Void, Never>] = []
    var finished = false
  }

  /// A conversation's place in its chain.
  private struct Chain {
    var session: String
    var seq: Int
    var lastHash: String?
    var failure: TranscriptError?
  }

  private struct Row {
    var session: String
    var seq: Int
    var at: Date
    var line: String
    var hash: String
  }

  private struct Work {
    var rows: [Row]
    var end: DayIndex.Entry?
    var done: Done
  }

  /// Fails only when no TLS context can be made for a database reached over TCP.
  public init(location: PostgresLocation, logger: Logger) throws(PostgresStoreError) {
    self.location = location
    self.logger = logger
    let password = location.passwordFound()
    var configuration: PostgresClient.Configuration
    let connection: PostgresConnection.Configuration
    if let socket = location.socketPath {
      configuration = .init(
        unixSocketPath: socket, username: location.user, password: password, database: location.database)
      connection = .init(
        unixSocketPath: socket, username: location.user, password: password, database: location.database)
    } else {
      configuration = .init(
        host: location.host ?? "localhost", port: location.port, username: location.user, password: password,
        database: location.database, tls: .prefer(.makeClientConfiguration()))
      let tls: NIOSSLContext
      do {
        tls = try NIOSSLContext(configuration: .makeClientConfiguration())
      } catch {
        throw PostgresStoreError(location, "cannot set up TLS for the database connection", error)
      }
      connection = .init(
        host: location.host ?? "localhost", port: location.port, username: location.user, password: password,
        database: location.database, tls: .prefer(tls))
    }
    configuration.options.maximumConnections = 8
    configuration.options.additionalStartupParameters = [("application_name", "crscheck")]
    client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    locks = SessionLocks(configuration: connection, logger: logger)
    (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
  }

  /// Runs the connection pool and the committer until shut down (`shutDown`, a graceful shutdown, or
  /// cancellation), committing everything handed over first.
  public func run() async throws {
    await withTaskGroup(of: Void.self) { group in
      group.addTask { await self.client.run() }
      await withGracefulShutdownHandler {
        await self.commitUntilStopped()
      } onGracefulShutdown: {
        self.stop()
      }
      await locks.close()
      group.cancelAll()
    }
  }

  /// Runs `body` with the store running, for a command that is not a service, then stops the store.
  public func whileRunning<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws
    -> Result
  {
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await self.run() }
      defer { group.cancelAll() }
      let result = try await body()
      await shutDown()
      return result
    }
  }

  /// Brings the schema to this build's version, and grants `role` what the application needs; returns the
  /// versions applied.
  public func migrate(grantingTo role: String?) async throws(PostgresStoreError) -> [Int] {
    do {
      return try await Migrations.migrate(client, grantingTo: role, logger: logger)
    } catch {
      throw PostgresStoreError(location, "the migration failed", error)
    }
  }

  /// The schema this build knows, or an error that says to migrate.
  public func checkSchema() async throws(PostgresStoreError) {
    let version: Int?
    do {
      version = try await Migrations.version(client, logger: logger)
    } catch {
      throw PostgresStoreError(location, "cannot read the schema version", error)
    }
    guard version == Migrations.current else {
      throw PostgresStoreError(
        location,
        version == nil
          ? "the database has no crscheck tables; run: crscheck store migrate --store \(location)"
          : "the database's schema is version \(version!), this crscheck knows version \(Migrations.current); "
            + (version! < Migrations.current
              ? "run: crscheck store migrate --store \(location)" : "upgrade crscheck"),
        nil)
    }
  }

  // MARK: TranscriptSink

  public func open(session: String, startedAt: Date) -> TranscriptTicket {
    ticket(Chain(session: session, seq: 0, lastHash: nil))
  }

  public func reopen(session: SessionID, records: Int, lastHash: String) -> TranscriptTicket {
    ticket(Chain(session: session.text, seq: records, lastHash: lastHash))
  }

  public func write(_ records: [TranscriptRecord], to ticket: TranscriptTicket, done: @escaping Done) {
    enqueue(records, end: nil, ticket: ticket, done: done)
  }

  public func finish(_ ticket: TranscriptTicket, with end: TranscriptRecord, done: @escaping Done) {
    enqueue([end], end: end, ticket: ticket, done: done)
  }

  public func release(_ ticket: TranscriptTicket, done: @escaping Done) {
    _ = state.withLockedValue { $0.chains.removeValue(forKey: ticket.number) }
    done(nil)
  }

  public func transcript(of session: SessionID) async throws(TranscriptError) -> Transcript {
    do {
      var lines: [String] = []
      for try await line in try await client.query(
        "SELECT line FROM transcript_records WHERE session = \(session.text) ORDER BY seq", logger: logger
      ).decode(String.self) {
        lines.append(line)
      }
      guard !lines.isEmpty else { throw TranscriptError.noSession(session.text) }
      return Transcript(session: session.text, location: place(of: session), lines: lines)
    } catch let error as TranscriptError {
      throw error
    } catch {
      throw TranscriptError(path: place(of: session), reason: Self.reason(error), action: .read)
    }
  }

  public func verify(_ transcript: Transcript) async -> [TranscriptProblem] {
    do {
      var entry: DayIndex.Entry?
      for try await (records, last, prev, ending, at) in try await client.query(
        """
        SELECT records, last_hash, prev_hash, ending, at FROM transcript_ends WHERE session = \(transcript.session)
        """, logger: logger
      ).decode((Int, String, String, String, Date).self) {
        entry = DayIndex.Entry(
          session: transcript.session, records: records, last: last, prev: prev, ending: ending,
          at: at.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
      }
      return TranscriptArchive.verify(transcript, entry: entry)
    } catch {
      return [TranscriptProblem(.missing, "the database cannot be read: \(Self.reason(error))")]
    }
  }

  public func location(of session: SessionID) -> String? { place(of: session) }

  /// The database alone fails the store as a whole only while it is away; each conversation's failure is
  /// its own.
  public var failure: TranscriptError? { nil }

  public var isShared: Bool { true }

  public func place(_ transcript: Transcript) async throws(TranscriptError) {
    guard let last = transcript.lastLineHash else {
      throw TranscriptError(path: transcript.path, reason: "not a whole transcript; not copied")
    }
    let lines = transcript.lines.map { String(decoding: $0, as: UTF8.self) }
    let hashes = transcript.lines.map { TranscriptWriter.hash($0) }
    let times = transcript.records.map(\.at)
    let sessions = Array(repeating: transcript.session, count: lines.count)
    let ending = transcript.isComplete ? transcript.end?.ending?.rawValue ?? "" : nil
    let before = hashes.count >= 2 ? hashes[hashes.count - 2] : ""
    do {
      try await client.withTransaction(logger: logger) { connection in
        _ = try await connection.query(
          """
          INSERT INTO transcript_records (session, seq, at, line, hash)
          SELECT * FROM unnest(\(sessions), \(Array(0..<lines.count))::int[], \(times), \(lines), \(hashes))
          """, logger: logger)
        if let ending {
          _ = try await connection.query(
            """
            INSERT INTO transcript_ends (session, records, last_hash, prev_hash, ending, at)
            VALUES (\(transcript.session), \(lines.count), \(last), \(before), \(ending), now())
            """, logger: logger)
        }
      }
    } catch {
      throw TranscriptError(path: "\(location) session \(transcript.session)", reason: Self.reason(error))
    }
  }

  /// Looks only at sessions begun in the last two days (ids start with their date, and the primary key is
  /// ordered by them), so the sweep stays cheap as the table grows.
  public func unfinished(quietFor window: Duration) async -> [SessionID] {
    let since = SessionID(startingAt: Date().addingTimeInterval(-2 * 86_400)).text.prefix(8)
    let seconds = Double(window.components.seconds)
    do {
      var sessions: [SessionID] = []
      for try await session in try await client.query(
        """
        SELECT r.session FROM transcript_records r
        WHERE r.session >= \(String(since)) AND NOT EXISTS (SELECT 1 FROM transcript_ends e WHERE e.session = r.session)
        GROUP BY r.session HAVING max(r.at) < now() - make_interval(secs => \(seconds))
        """, logger: logger
      ).decode(String.self) {
        if let id = SessionID(session) { sessions.append(id) }
      }
      return sessions
    } catch {
      logger.error("cannot look for conversations left open", metadata: ["error": "\(Self.reason(error))"])
      return []
    }
  }

  public func hold(_ session: SessionID) async -> Bool { await locks.take(session.text) }

  public func letGo(_ session: SessionID) async { await locks.release(session.text) }

  public func shutDown() async {
    await withCheckedContinuation { continuation in
      let done = state.withLockedValue { state in
        if state.finished { return true }
        state.stopped.append(continuation)
        return false
      }
      if done { continuation.resume() }
      stop()
    }
  }

  public func shutDown() {
    Blocking.run { await self.shutDown() }
  }

  // MARK: Committing

  private func ticket(_ chain: Chain) -> TranscriptTicket {
    state.withLockedValue { state in
      state.tickets += 1
      state.chains[state.tickets] = chain
      return TranscriptTicket(number: state.tickets)
    }
  }

  /// Numbers, chains and queues records; a session whose earlier write failed takes no more, so what is
  /// stored stays an unbroken beginning of its conversation.
  private func enqueue(
    _ records: [TranscriptRecord], end: TranscriptRecord?, ticket: TranscriptTicket, done: @escaping Done
  ) {
    let refusal: TranscriptError? = state.withLockedValue { state in
      guard var chain = state.chains[ticket.number] else {
        return TranscriptError(path: location.description, reason: "the transcript is closed")
      }
      if let failure = chain.failure { return failure }
      var rows: [Row] = []
      var prev = chain.lastHash
      for record in records {
        var record = record
        record.seq = chain.seq + rows.count
        record.prev = prev
        let bytes = TranscriptSchema.line(record)
        let line = String(decoding: bytes, as: UTF8.self)
        let hash = TranscriptWriter.hash(bytes)
        rows.append(Row(session: chain.session, seq: record.seq, at: record.at, line: line, hash: hash))
        prev = hash
      }
      var entry: DayIndex.Entry?
      if let end, let last = rows.last {
        entry = DayIndex.Entry(
          session: chain.session, records: last.seq + 1, last: last.hash, prev: chain.lastHash ?? "",
          ending: end.ending?.rawValue ?? "", at: "")
        state.chains[ticket.number] = nil
      } else {
        chain.seq += rows.count
        chain.lastHash = prev
        state.chains[ticket.number] = chain
      }
      let number = ticket.number
      state.queue.append(
        Work(
          rows: rows, end: entry,
          done: { [self] failure in
            if let failure { self.fail(number, failure) }
            done(failure)
          }))
      return nil
    }
    if let refusal { return done(refusal) }
    wake.yield()
  }

  private func fail(_ ticket: Int, _ failure: TranscriptError) {
    state.withLockedValue { state in state.chains[ticket]?.failure = failure }
  }

  private func stop() {
    state.withLockedValue { $0.stopping = true }
    wake.yield()
  }

  /// Takes everything queued, commits it in one transaction, answers each writer; until stopped and empty.
  private func commitUntilStopped() async {
    var wakes = self.wakes.makeAsyncIterator()
    while true {
      let (batch, stopping) = state.withLockedValue { state in
        defer { state.queue.removeAll(keepingCapacity: true) }
        return (state.queue, state.stopping)
      }
      if !batch.isEmpty {
        let failure = await commit(batch)
        for work in batch { work.done(failure) }
        continue
      }
      if stopping { break }
      // Nil once the task is cancelled: what is queued is still answered, then the loop ends.
      if await wakes.next() == nil { state.withLockedValue { $0.stopping = true } }
    }
    let waiting = state.withLockedValue { state in
      state.finished = true
      defer { state.stopped = [] }
      return state.stopped
    }
    for continuation in waiting { continuation.resume() }
  }

  /// One transaction for the whole batch, bounded by `commitTimeout`; nil when it committed.
  private func commit(_ batch: [Work]) async -> TranscriptError? {
    let rows = batch.flatMap(\.rows)
    let ends = batch.compactMap(\.end)
    let started = ContinuousClock.now
    do {
      try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
          try await self.client.withTransaction(logger: self.logger) { connection in
            _ = try await connection.query(
              """
              INSERT INTO transcript_records (session, seq, at, line, hash)
              SELECT * FROM unnest(\(rows.map(\.session)), \(rows.map(\.seq))::int[], \(rows.map(\.at)),
                \(rows.map(\.line)), \(rows.map(\.hash)))
              """, logger: self.logger)
            if !ends.isEmpty {
              _ = try await connection.query(
                """
                INSERT INTO transcript_ends (session, records, last_hash, prev_hash, ending, at)
                SELECT *, now() FROM unnest(\(ends.map(\.session)), \(ends.map(\.records))::int[],
                  \(ends.map(\.last)), \(ends.map { $0.prev ?? "" }), \(ends.map { $0.ending ?? "" }))
                """, logger: self.logger)
            }
          }
        }
        group.addTask {
          try await Task.sleep(for: Self.commitTimeout)
          throw CommitTimedOut()
        }
        try await group.next()
        group.cancelAll()
      }
      return nil
    } catch {
      let failure = TranscriptError(
        path: location.description,
        reason: error is CommitTimedOut
          ? "the database did not commit within \(Self.commitTimeout)" : Self.reason(error))
      logger.error(
        "transcripts not saved: the database refused or did not answer",
        metadata: [
          "store": "\(location)", "error": "\(failure.reason)", "records": "\(rows.count)",
          "waited": "\(ContinuousClock.now - started)",
        ])
      return failure
    }
  }

  private struct CommitTimedOut: Error {}

  private func place(of session: SessionID) -> String { "\(location) session \(session.text)" }

  /// What went wrong, without a word of what was being written: PostgreSQL's error details quote the row,
  /// which holds patient text, so only the SQLSTATE and the kind of failure are kept.
  static func reason(_ error: any Error) -> String {
    if let psql = psqlError(error) {
      if let state = psql.serverInfo?[.sqlState] {
        return "the database refused (SQLSTATE \(state))"
      }
      return "the database connection failed (\(psql.code))"
    }
    if error is CancellationError { return "cancelled" }
    return "the database is not reachable (\(type(of: error)))"
  }

  private static func psqlError(_ error: any Error) -> PSQLError? {
    if let psql = error as? PSQLError { return psql }
    if let transaction = error as? PostgresTransactionError {
      for inner in [transaction.closureError, transaction.commitError, transaction.beginError] {
        if let inner, let psql = psqlError(inner) { return psql }
      }
    }
    return nil
  }
}
