import Foundation
import Testing

/// `crscheck desk` driven by headless Chromium (Tests/crscheckTests/Browser/desk_browser.py), on a store
/// that a real `crscheck serve` fills while the browser watches: files, then PostgreSQL.
@Suite("crscheck desk in a real browser", .serialized, .timeLimit(.minutes(5)))
struct DeskBrowserTests {
  static let password = "correct horse battery"

  @Test("on the file store: log in, the live queue and alert, a conversation, sign-off, FHIR, CSRF, escaping, roles, lockout")
  func onFiles() async throws {
    let folder = Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try await Self.check(store: folder)
  }

  @Test("on PostgreSQL: the same")
  func onPostgres() async throws {
    let database = try ThrowawayPostgres()
    defer { database.remove() }
    try database.migrate()
    try await Self.check(store: database.url)
  }

  /// Accounts made with `desk user add`, a serve and a desk on `store`, then the browser's script.
  static func check(store: String) async throws {
    try await offThePool {
      for (name, role) in [("alice", "admin"), ("carol", "clinician"), ("dave", "clinician")] {
        let added = try Binary.run(
          ["desk", "user", "add", name, "--role", role, "--store", store], input: password + "\n")
        #expect(added.status == 0, "\(added.error)")
      }
      let listed = try Binary.run(["desk", "user", "list", "--store", store]).output
      #expect(listed.contains("alice") && listed.contains("admin") && !listed.contains(password))
      let (serve, servePort) = try ServeCommandTests.serve(store: store, log: FileHandle.nullDevice)
      defer { serve.terminate() }
      let (desk, deskPort) = try startDesk(store: store)
      defer { desk.terminate() }
      let result = try Binary.run(
        [
          "check", "--desk", "http://127.0.0.1:\(try #require(deskPort))", "--serve-port",
          "\(try #require(servePort))", "--admin", "alice:\(password)", "--clinician", "carol:\(password)",
          "--lockee", "dave:\(password)", "--fhir-validator",
          Binary.repository.appending(path: "Tests/ReviewTests/Fixtures/validate-fhir").path,
        ], program: Binary.repository.appending(path: "Tests/crscheckTests/Browser/run-browser"))
      #expect(result.status == 0, "\(result.output)\n\(result.error)")
      #expect(result.output.contains("ok: no page broke its content security policy"), "\(result.output)")
    }
  }

  /// `crscheck desk` on a free port, polling the store often; returns it with the port it listens on.
  static func startDesk(store: String) throws -> (Process, Int?) {
    let process = Process()
    process.executableURL = Binary.url
    process.arguments = ["desk", "--port", "0", "--store", store, "--poll", "0.2"]
    process.currentDirectoryURL = Binary.repository
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    var text = ""
    while !text.contains("crscheck desk: listening on") || !text.hasSuffix("\n") {
      let data = output.fileHandleForReading.availableData
      if data.isEmpty { return (process, nil) }
      text += String(decoding: data, as: UTF8.self)
    }
    let line = text.split(separator: "\n").first { $0.contains("crscheck desk: listening on") } ?? ""
    return (process, line.split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .init(charactersIn: "/ "))) })
  }
}
