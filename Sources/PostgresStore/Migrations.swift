import Logging
import PostgresNIO

/// The database's tables, made by numbered migrations that `crscheck store migrate` applies as the
/// database's owner; the application's role only inserts and reads (docs/DEPLOYMENT.md has the grants).
/// A server refuses to start on a schema whose version it does not know.
public enum Migrations {
  /// The version this build reads and writes.
  public static let current = 2

  /// Each migration's statements, by version; run in one transaction, with the version recorded.
  static let steps: [Int: [String]] = [
    1: [
      """
      CREATE TABLE crscheck_schema (
        version int PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )
      """,
      // One row per transcript line: `line` is the exact JSON line, `hash` the SHA-256 of its bytes, which the
      // next line carries as `prev`. The chain, not the table's rights, is the tamper evidence.
      """
      CREATE TABLE transcript_records (
        session text NOT NULL,
        seq int NOT NULL CHECK (seq >= 0),
        at timestamptz NOT NULL,
        line text NOT NULL,
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        PRIMARY KEY (session, seq)
      )
      """,
      // What a session's end left, as a day index entry does for files: a later truncation shows.
      """
      CREATE TABLE transcript_ends (
        session text PRIMARY KEY,
        records int NOT NULL CHECK (records >= 1),
        last_hash text NOT NULL,
        prev_hash text NOT NULL,
        ending text NOT NULL,
        at timestamptz NOT NULL
      )
      """,
      """
      CREATE TABLE signoffs (
        id bigserial PRIMARY KEY,
        session text NOT NULL,
        at timestamptz NOT NULL,
        line text NOT NULL
      )
      """,
      """
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        line text NOT NULL
      )
      """,
      // Append-only against the owner too; a superuser can still switch the triggers off, which the hash
      // chain then shows.
      """
      CREATE FUNCTION crscheck_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% on % is not allowed: the table is append-only', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END
      $$
      """,
    ]
      + ["transcript_records", "transcript_ends", "signoffs", "audit_events"].flatMap { table in
        [
          """
          CREATE TRIGGER \(table)_append_only BEFORE UPDATE OR DELETE ON \(table)
            FOR EACH ROW EXECUTE FUNCTION crscheck_refuse_change()
          """,
          """
          CREATE TRIGGER \(table)_no_truncate BEFORE TRUNCATE ON \(table)
            FOR EACH STATEMENT EXECUTE FUNCTION crscheck_refuse_change()
          """,
        ]
      },
    // The review desk's accounts, as events (created, disabled, logins, failures), append-only like the rest.
    2: [
      """
      CREATE TABLE desk_account_events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        line text NOT NULL
      )
      """,
      """
      CREATE TRIGGER desk_account_events_append_only BEFORE UPDATE OR DELETE ON desk_account_events
        FOR EACH ROW EXECUTE FUNCTION crscheck_refuse_change()
      """,
      """
      CREATE TRIGGER desk_account_events_no_truncate BEFORE TRUNCATE ON desk_account_events
        FOR EACH STATEMENT EXECUTE FUNCTION crscheck_refuse_change()
      """,
    ],
  ]

  /// What the application's role may do: read everything, add to the append-only tables, nothing else.
  static func grants(to role: String) -> [String] {
    [
      "DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO \(role)', current_database()); END $$",
      "GRANT USAGE ON SCHEMA public TO \(role)",
      "GRANT SELECT ON crscheck_schema TO \(role)",
      "GRANT SELECT, INSERT ON transcript_records, transcript_ends, signoffs, audit_events, desk_account_events"
        + " TO \(role)",
      "GRANT USAGE ON SEQUENCE signoffs_id_seq, audit_events_id_seq, desk_account_events_id_seq TO \(role)",
    ]
  }

  /// Whether `role` can be written into SQL as it is: a plain lower-case identifier.
  public static func isPlainRole(_ role: String) -> Bool {
    guard let first = role.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) else {
      return false
    }
    return role.unicodeScalars.allSatisfy {
      $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0)
    }
      && role.count <= 63
  }

  /// The schema's version, or nil when no migration has run.
  public static func version(_ client: PostgresClient, logger: Logger) async throws -> Int? {
    let rows = try await client.query("SELECT to_regclass('crscheck_schema') IS NOT NULL", logger: logger)
    var exists = false
    for try await present in rows.decode(Bool.self) { exists = present }
    guard exists else { return nil }
    var version: Int?
    for try await number in try await client.query("SELECT max(version) FROM crscheck_schema", logger: logger)
      .decode(Int?.self)
    {
      version = number
    }
    return version
  }

  /// Brings the schema to `current`; returns the versions applied. Two runs at once are serialised by an
  /// advisory lock, and the second finds nothing to do.
  public static func migrate(_ client: PostgresClient, grantingTo role: String?, logger: Logger) async throws
    -> [Int]
  {
    try await client.withTransaction(logger: logger) { connection in
      _ = try await connection.query("SELECT pg_advisory_xact_lock(7291873)", logger: logger)
      var present = false
      for try await exists in try await connection.query(
        "SELECT to_regclass('crscheck_schema') IS NOT NULL", logger: logger
      ).decode(Bool.self) {
        present = exists
      }
      var version = 0
      if present {
        for try await number in try await connection.query(
          "SELECT coalesce(max(version), 0) FROM crscheck_schema", logger: logger
        ).decode(Int.self) {
          version = number
        }
      }
      var applied: [Int] = []
      for step in (version + 1)...max(version + 1, current) where step <= current {
        for statement in steps[step] ?? [] {
          _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        _ = try await connection.query(
          "INSERT INTO crscheck_schema (version) VALUES (\(step))", logger: logger)
        applied.append(step)
      }
      for statement in role.map(grants) ?? [] {
        _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
      }
      return applied
    }
  }
}
