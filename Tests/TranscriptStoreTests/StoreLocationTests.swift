import Foundation
import Testing

@testable import TranscriptStore

@Suite("The store named by --store")
struct StoreLocationTests {
  @Test("a folder, with or without file:, is the file store")
  func folders() throws {
    #expect(try StoreLocation("Transcripts") == .files(root: "Transcripts"))
    #expect(try StoreLocation("file:/var/lib/crscheck") == .files(root: "/var/lib/crscheck"))
    #expect(try StoreLocation("file:///var/lib/crscheck") == .files(root: "/var/lib/crscheck"))
  }

  @Test("a postgres URL names user, host, port and database; postgresql:// too")
  func postgresOverTCP() throws {
    guard case .postgres(let location) = try StoreLocation("postgresql://app@db.example:6432/crscheck") else {
      Issue.record("not PostgreSQL")
      return
    }
    #expect(location.user == "app" && location.host == "db.example" && location.port == 6432)
    #expect(location.database == "crscheck" && location.socketPath == nil)
  }

  @Test("?host=/folder is the server's Unix socket in that folder, as libpq reads it")
  func postgresOverSocket() throws {
    guard case .postgres(let location) = try StoreLocation("postgres://app@/crscheck?host=/run/postgresql")
    else {
      Issue.record("not PostgreSQL")
      return
    }
    #expect(location.socketPath == "/run/postgresql/.s.PGSQL.5432")
    #expect(location.host == nil)
  }

  @Test("a password in the URL is used, and never shown")
  func passwordNeverShown() throws {
    let location = try StoreLocation("postgres://app:s3cret%21@db.example/crscheck")
    guard case .postgres(let postgres) = location else {
      Issue.record("not PostgreSQL")
      return
    }
    #expect(postgres.password == "s3cret!")
    #expect(!location.description.contains("s3cret") && !"\(postgres)".contains("s3cret"))
    #expect(throws: StoreLocationError.self) { try StoreLocation("postgres://app:s3cret@/a/b?host=/x") }
    do {
      _ = try StoreLocation("postgres://app:s3cret@/a/b?host=/x")
    } catch {
      #expect(!"\(error)".contains("s3cret"), "an error message shows no password either")
    }
  }

  @Test("the password comes from PGPASSWORD, else a .pgpass only its owner can read, first match wins")
  func passwordFiles() throws {
    let location = try PostgresLocation(url: "postgres://app@db.example:5432/crscheck")
    #expect(
      location.passwordFound(environment: ["PGPASSWORD": "from-env", "HOME": "/nonexistent"]) == "from-env")
    let file = FileManager.default.temporaryDirectory.appending(path: "pgpass-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: file) }
    try """
    # comment
    other.example:5432:crscheck:app:wrong
    db.example:*:crscheck:app:pa\\:ss
    *:*:*:*:fallback
    """.write(toFile: file, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
    #expect(location.passwordFound(environment: ["PGPASSFILE": file]) == "pa:ss")
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
    #expect(location.passwordFound(environment: ["PGPASSFILE": file]) == nil, "others can read it: ignored")
  }

  @Test("what is no store is refused with what to give instead")
  func refused() {
    for text in [
      "", "file:", "mysql://db/crscheck", "postgres://app@/crscheck", "postgres://app@db/x?sslmode=require",
    ] {
      #expect(throws: StoreLocationError.self, "\(text)") { try StoreLocation(text) }
    }
  }
}
