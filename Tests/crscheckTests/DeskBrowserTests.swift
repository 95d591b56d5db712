import Foundation
import Testing

/// `crscheck desk` driven by headless Chromium (Tests/crscheckTests/Browser/desk_browser.py), on a store
/// that a real `crscheck serve` fills while the browser watches: files, then PostgreSQL.
@Suite("crscheck desk in a real browser", .serialized, .timeLimit(.minutes(5)))
struct DeskBrowserTests {
  static let password = "correct horse battery"

  @Test(
    "on the file store: log in, the live queue and alert, a conversation, sign-off, FHIR, CSRF, escaping, roles, lockout"
  )
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
  static func startDesk(store: String, _ arguments: [String] = []) throws -> (Process, Int?) {
    let process = Process()
    process.executableURL = Binary.url
    process.arguments = ["desk", "--port", "0", "--store", store, "--poll", "0.2"] + arguments
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
    return (
      process,
      line.split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .init(charactersIn: "/ "))) }
    )
  }
}

/// What the desk does around the pages: TLS cookies, the idle limit, its address rule, and shutdown.
@Suite("crscheck desk: serving", .serialized, .timeLimit(.minutes(3)))
struct DeskServingTests {
  static let password = DeskBrowserTests.password

  /// A file store with one clinician, carol.
  static func storeWithClinician() throws -> String {
    let folder = Binary.temporaryFolder()
    let added = try Binary.run(
      ["desk", "user", "add", "carol", "--role", "clinician", "--store", folder], input: password + "\n")
    #expect(added.status == 0, "\(added.error)")
    return folder
  }

  static func browser(_ arguments: [String]) throws -> Binary.Result {
    try Binary.run(
      arguments, program: Binary.repository.appending(path: "Tests/crscheckTests/Browser/run-browser"))
  }

  @Test("under TLS the login cookie is Secure, HttpOnly, SameSite=Strict and host-only")
  func cookieUnderTLS() async throws {
    try await offThePool {
      let store = try Self.storeWithClinician()
      defer { try? FileManager.default.removeItem(atPath: store) }
      let made = try Binary.run(
        [
          "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", store + "/key.pem", "-out",
          store + "/cert.pem", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext",
          "subjectAltName=IP:127.0.0.1",
        ], program: URL(filePath: "/usr/bin/openssl"))
      #expect(made.status == 0, "\(made.error)")
      let (desk, port) = try DeskBrowserTests.startDesk(
        store: store, ["--tls-cert", store + "/cert.pem", "--tls-key", store + "/key.pem"])
      defer { desk.terminate() }
      let result = try Self.browser([
        "check-tls", "--desk", "https://127.0.0.1:\(try #require(port))", "--clinician",
        "carol:\(Self.password)",
      ])
      #expect(result.status == 0, "\(result.output)\n\(result.error)")
    }
  }

  @Test("a login left idle past the limit ends; the next page is the login form, saying why")
  func idleLoginEnds() async throws {
    try await offThePool {
      let store = try Self.storeWithClinician()
      defer { try? FileManager.default.removeItem(atPath: store) }
      let (desk, port) = try DeskBrowserTests.startDesk(store: store, ["--idle", "2"])
      defer { desk.terminate() }
      let result = try Self.browser([
        "check-idle", "--desk", "http://127.0.0.1:\(try #require(port))", "--clinician",
        "carol:\(Self.password)",
        "--idle", "2",
      ])
      #expect(result.status == 0, "\(result.output)\n\(result.error)")
    }
  }

  @Test("another address without TLS is refused, unless --insecure-plaintext says the network is trusted")
  func plaintextOffLoopbackIsRefused() throws {
    let refused = try Binary.run([
      "desk", "--host", "0.0.0.0", "--port", "0", "--store", Binary.temporaryFolder(),
    ])
    #expect(refused.status != 0)
    #expect(
      refused.error.contains("--tls-cert") && refused.error.contains("--insecure-plaintext"),
      "\(refused.error)")
  }

  @Test("on a database not yet migrated the desk stops at once, saying to run store migrate")
  func unmigratedDatabase() async throws {
    try await offThePool {
      let database = try ThrowawayPostgres()
      defer { database.remove() }
      let result = try Binary.run(["desk", "--port", "0", "--store", database.url])
      #expect(result.status != 0)
      #expect(result.error.contains("store migrate"), "\(result.error)")
    }
  }

  @Test("SIGTERM with a page's live stream open stops the desk at once, ending the stream")
  func gracefulShutdownEndsStreams() async throws {
    try await offThePool {
      let store = try Self.storeWithClinician()
      defer { try? FileManager.default.removeItem(atPath: store) }
      let (desk, started) = try DeskBrowserTests.startDesk(store: store)
      let port = try #require(started)
      // Log in by hand, as a browser would: the form's cookie and token, then the login post.
      let form = try Socket(port: port)
      form.write("GET /login HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
      let page = form.rest()
      let cookie = try #require(Self.cookie(page))
      let token: String = try #require(
        page.first { $0.contains("name=\"token\"") }?.split(separator: "\"").first { $0.count == 64 }.map(
          String.init))
      let body = "token=\(token)&name=carol&password=correct+horse+battery"
      let login = try Socket(port: port)
      login.write(
        "POST /login HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nCookie: \(cookie)\r\nConnection: close\r\n"
          + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
      )
      let answer = login.rest()
      let loggedIn = try #require(Self.cookie(answer))
      #expect(answer.first?.contains("303") == true, "\(answer)")
      let events = try Socket(port: port)
      events.write("GET /events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nCookie: \(loggedIn)\r\n\r\n")
      var seen: [String] = []
      while let line = events.readLine(), !line.hasPrefix("event: alerts") { seen.append(line) }
      #expect(seen.first?.contains("200") == true, "\(seen)")
      let stopping = ContinuousClock.now
      desk.terminate()
      desk.waitUntilExit()
      #expect(ContinuousClock.now - stopping < .seconds(10), "the open stream did not hold the desk up")
      #expect(desk.terminationStatus == 0)
      _ = events.rest()
    }
  }

  /// The session cookie a response sets, as a Cookie header gives it back.
  static func cookie(_ lines: [String]) -> String? {
    lines.first { $0.lowercased().hasPrefix("set-cookie: desk_session=") }.map {
      String($0.dropFirst("set-cookie: ".count).prefix { $0 != ";" })
    }
  }
}
