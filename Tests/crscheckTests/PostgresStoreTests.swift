import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `--store postgres://…`: a real PostgreSQL of the test's own, real `crscheck serve` processes.
@Suite("crscheck on PostgreSQL", .serialized, .timeLimit(.minutes(3)))
struct PostgresStoreTests {
  /// The urgent path of the conversation tests, cut where a connection drops.
  static let before = ["I had the flu and now a fever", "no", "me"]
  static let after = ["nothing else", "same", "I don't know", "no"]

  /// Begins a text-mode conversation and answers `lines`; returns the socket and the `RESUME …` code shown.
  static func begin(port: Int, saying lines: [String]) throws -> (Socket, String) {
    let socket = try Socket(port: port)
    _ = socket.readLine()
    socket.write("\n")
    var code: String?
    while let line = socket.readLine(), line != "> " {
      if let range = line.range(of: "RESUME ") { code = String(line[range.lowerBound...]) }
    }
    for line in lines {
      socket.write(line + "\n")
      _ = socket.readThroughTurn()
    }
    return (socket, try #require(code))
  }

  /// Types a conversation's RESUME code on a new connection and answers the rest; returns the advice shown.
  static func resume(port: Int, code: String, saying lines: [String]) throws -> String {
    let socket = try Socket(port: port)
    _ = socket.readLine()
    socket.write(code + "\n")
    _ = socket.readThroughTurn()
    var advice = ""
    for line in lines {
      socket.write(line + "\n")
      while let reply = socket.readLine(), reply != "> ", reply != "Goodbye." {
        if reply.hasPrefix("*** ") { advice = reply }
      }
    }
    return advice
  }

  /// Two servers on one migrated database, each with its port; stopped by the caller's `defer`s.
  static func twoServers(_ database: ThrowawayPostgres) throws -> [(process: Process, port: Int)] {
    try database.migrate()
    return try (0..<2).map { _ in
      let (process, port) = try ServeCommandTests.serve(store: database.url, log: FileHandle.nullDevice)
      return (process, try #require(port))
    }
  }

  @Test(
    "store migrate makes the tables once; the application's role may add and read records, never change them")
  func migrateAndRights() async throws {
    try await offThePool {
      let database = try ThrowawayPostgres()
      defer { database.remove() }
      // Before the tables exist, serve refuses to start, and says what to run.
      let log = ServeCommandTests.logFile()
      defer { try? FileManager.default.removeItem(at: log) }
      let (refused, port) = try ServeCommandTests.serve(
        store: database.url, log: try FileHandle(forWritingTo: log))
      refused.waitUntilExit()
      #expect(port == nil && refused.terminationStatus != 0)
      #expect(try String(contentsOf: log, encoding: .utf8).contains("crscheck store migrate --store"))

      try database.migrate()
      let again = try Binary.run([
        "store", "migrate", "--store", database.ownerURL, "--app-role", "crscheck_app",
      ])
      #expect(again.status == 0 && again.output.contains("nothing to do"))
      try database.psql(
        "INSERT INTO transcript_records VALUES ('s', 0, now(), '{}', '\(String(repeating: "a", count: 64))')",
        database: "crscheck", user: "crscheck_app")
      for change in [
        "UPDATE transcript_records SET line = 'x'", "DELETE FROM transcript_records",
        "TRUNCATE transcript_records",
      ] {
        #expect(throws: ThrowawayPostgres.Failed.self, "\(change)") {
          try database.psql(change, database: "crscheck", user: "crscheck_app")
        }
      }
      #expect(try database.psql("SELECT count(*) FROM transcript_records", database: "crscheck") == "1")
      // The terminal's chat writes to the database too.
      let chat = try Binary.run(["chat", "--store", database.url], input: "I can't breathe\n")
      #expect(chat.status == 0 && chat.output.contains("CALL 911"))
      #expect(try database.psql("SELECT ending FROM transcript_ends", database: "crscheck") == "completed")
    }
  }

  @Test(
    "a conversation on a server killed with SIGKILL resumes on another server sharing the database, in one verified chain"
  )
  func resumeOnAnotherServer() async throws {
    try await offThePool {
      let database = try ThrowawayPostgres()
      defer { database.remove() }
      let servers = try Self.twoServers(database)
      let (first, second) = (servers[0].process, servers[1].process)
      defer { for server in servers where server.process.isRunning { server.process.terminate() } }

      let (dropped, code) = try Self.begin(port: servers[0].port, saying: Self.before)
      kill(first.processIdentifier, SIGKILL)
      first.waitUntilExit()
      #expect(dropped.readLine() == nil, "the connection went with the server")

      #expect(try Self.resume(port: servers[1].port, code: code, saying: Self.after).contains("CARE TEAM"))
      second.terminate()
      second.waitUntilExit()

      let queue = try Binary.run(["review", "queue", "--store", database.url])
      #expect(queue.status == 0)
      #expect(
        queue.output.contains("urgent"),
        "the queue on the database shows the resumed conversation: \(queue.output)")
      let verify = try Binary.run(["review", "verify", "--all", "--store", database.url])
      #expect(verify.status == 0 && verify.output.contains(": ok"), "\(verify.output)")
      let session = try database.psql("SELECT session FROM transcript_ends", database: "crscheck")
      #expect(try database.psql("SELECT ending FROM transcript_ends", database: "crscheck") == "completed")
      #expect(
        try database.psql(
          "SELECT count(*) FROM transcript_records WHERE session = '\(session)' AND line LIKE '%\"type\":\"resume\"%'",
          database: "crscheck") == "1")

      // A superuser can switch the append-only triggers off; the chain still shows each kind of change.
      try database.psql("ALTER TABLE transcript_records DISABLE TRIGGER ALL", database: "crscheck")
      try database.psql("CREATE TABLE pristine AS SELECT * FROM transcript_records", database: "crscheck")
      let tampering = [
        ("UPDATE transcript_records SET line = replace(line, 'fever', 'cough') WHERE seq = 4", "edited"),
        ("DELETE FROM transcript_records WHERE seq = 5", "deleted"),
        (
          "UPDATE transcript_records SET seq = 1000 WHERE seq = 6; UPDATE transcript_records SET seq = 6 WHERE seq = 7; "
            + "UPDATE transcript_records SET seq = 7 WHERE seq = 1000", "reordered"
        ),
      ]
      for (change, kind) in tampering {
        try database.psql(change, database: "crscheck")
        let found = try Binary.run(["review", "verify", session, "--store", database.url])
        #expect(found.status != 0 && found.output.contains(kind), "\(kind): \(found.output)")
        try database.psql(
          "DELETE FROM transcript_records; INSERT INTO transcript_records SELECT * FROM pristine",
          database: "crscheck")
      }
    }
  }

  @Test(
    "when the database goes away patients still get their advice, told it was not saved, and the log says so at once; when it comes back, conversations are saved again"
  )
  func databaseGoesAway() async throws {
    try await offThePool {
      let database = try ThrowawayPostgres()
      defer { database.remove() }
      try database.migrate()
      let log = ServeCommandTests.logFile()
      defer { try? FileManager.default.removeItem(at: log) }
      let (server, listening) = try ServeCommandTests.serve(
        store: database.url, log: try FileHandle(forWritingTo: log))
      defer { if server.isRunning { server.terminate() } }
      let port = try #require(listening)
      let (socket, _) = try Self.begin(port: port, saying: ["I had CAR-T last week"])

      try database.stop()
      socket.write("my lips are blue and I can't breathe\n")
      var reply: [String] = []
      while let line = socket.readLine() {
        reply.append(line)
        if line == "Goodbye." { break }
      }
      #expect(reply.contains { $0.hasPrefix("*** CALL 911") }, "the advice, saved or not: \(reply)")
      #expect(reply.contains { $0.hasPrefix("! This conversation could not be saved") })
      let logged = try String(contentsOf: log, encoding: .utf8)
      #expect(logged.contains("transcripts not saved"))
      #expect(!logged.contains("lips"), "no patient text in the log")

      try database.start()
      var saved = false
      let deadline = ContinuousClock.now + .seconds(60)
      while !saved, ContinuousClock.now < deadline {
        let (again, _) = try Self.begin(port: port, saying: [])
        again.write("I can't breathe\n")
        let rest = again.rest()
        saved = !rest.contains { $0.hasPrefix("! This conversation could not be saved") }
      }
      #expect(saved, "a conversation after the database came back is saved")
      #expect(try database.psql("SELECT count(*) FROM transcript_ends", database: "crscheck") == "1")
    }
  }

  @Test(
    "a server stopped with SIGTERM leaves its conversations to be resumed on another: an upgrade ends none")
  func rollingUpgrade() async throws {
    try await offThePool {
      let database = try ThrowawayPostgres()
      defer { database.remove() }
      let servers = try Self.twoServers(database)
      let (first, second) = (servers[0].process, servers[1].process)
      defer { for server in servers where server.process.isRunning { server.process.terminate() } }

      let (leaving, code) = try Self.begin(port: servers[0].port, saying: Self.before)
      first.terminate()
      let told = leaving.rest()
      first.waitUntilExit()
      #expect(told.contains { $0.contains("type the RESUME line") }, "\(told)")

      let advice = try Self.resume(port: servers[1].port, code: code, saying: Self.after)
      #expect(advice.contains("CONTACT YOUR CARE TEAM"), "the same urgent advice: \(advice)")
      second.terminate()
      second.waitUntilExit()
      #expect(try database.psql("SELECT ending FROM transcript_ends", database: "crscheck") == "completed")
    }
  }

  @Test(
    "store copy moves files into PostgreSQL and back, every chain verified, and copies nothing the second time"
  )
  func copyBothWays() async throws {
    try await offThePool {
      let database = try ThrowawayPostgres()
      defer { database.remove() }
      try database.migrate()
      let files = Binary.temporaryFolder()
      let back = Binary.temporaryFolder()
      let broken = Binary.temporaryFolder()
      defer { for folder in [files, back, broken] { try? FileManager.default.removeItem(atPath: folder) } }
      for words in ["I can't breathe", "checking in after rituximab 2 weeks ago\nno\nme\nnone"] {
        #expect(try Binary.run(["chat", "--store", files], input: words + "\n").status == 0)
      }
      let session = try #require(
        Binary.transcripts(in: files).first.map {
          URL(filePath: $0).deletingPathExtension().lastPathComponent
        })
      #expect(try Binary.run(["review", "sign", session, "--store", files, "--by", "dr-test"]).status == 0)

      let first = try Binary.run(["store", "copy", "--from", files, "--to", database.url])
      #expect(
        first.status == 0 && first.output.contains("2 transcripts copied, 0 already there, 0 not copied"),
        "\(first)")
      let second = try Binary.run(["store", "copy", "--from", files, "--to", database.url])
      #expect(
        second.output.contains("0 transcripts copied, 2 already there")
          && second.output.contains("0 sign-off"))
      let verify = try Binary.run(["review", "verify", "--all", "--store", database.url])
      #expect(
        verify.status == 0 && verify.output.contains("2 checked, 0 with signs of tampering"),
        "\(verify.output)")
      let queue = try Binary.run(["review", "queue", "--store", database.url])
      #expect(
        !queue.output.contains(session), "the signed-off conversation is signed off in the database too")

      let returned = try Binary.run(["store", "copy", "--from", database.url, "--to", back])
      #expect(returned.status == 0 && returned.output.contains("2 transcripts copied"))
      let verifyBack = try Binary.run(["review", "verify", "--all", "--store", back])
      #expect(verifyBack.status == 0, "\(verifyBack.output)")
      for path in Binary.transcripts(in: files) {
        let relative = String(path.dropFirst(files.count))
        #expect(
          FileManager.default.contents(atPath: path) == FileManager.default.contents(atPath: back + relative))
      }

      // A transcript edited by hand is reported and not copied.
      let path = try #require(Binary.transcripts(in: files).first)
      let text = try String(contentsOfFile: path, encoding: .utf8)
      try text.replacingOccurrences(of: "breathe", with: "sneeze").replacingOccurrences(
        of: "rituximab", with: "aspirin"
      )
      .write(toFile: path, atomically: false, encoding: .utf8)
      let refused = try Binary.run(["store", "copy", "--from", files, "--to", broken])
      #expect(refused.status != 0 && refused.error.contains("not copied"))
      #expect(Binary.transcripts(in: broken).count == 1)
    }
  }

  @Test(
    "a conversation left open by a server that died is ended as abandoned by another once its window passes")
  func sweepAfterDeath() async throws {
    try await offThePool {
      let database = try ThrowawayPostgres()
      defer { database.remove() }
      try database.migrate()
      let (dying, dyingPort) = try ServeCommandTests.serve(store: database.url, log: FileHandle.nullDevice)
      defer { if dying.isRunning { dying.terminate() } }
      _ = try Self.begin(port: try #require(dyingPort), saying: ["I had CAR-T last week and have a fever"])
      kill(dying.processIdentifier, SIGKILL)
      dying.waitUntilExit()
      let (survivor, _) = try ServeCommandTests.serve(
        store: database.url, log: FileHandle.nullDevice, arguments: ["--resume-window", "1"])
      defer { if survivor.isRunning { survivor.terminate() } }
      var ending = ""
      let deadline = ContinuousClock.now + .seconds(20)
      while ending.isEmpty, ContinuousClock.now < deadline {
        Thread.sleep(forTimeInterval: 0.3)
        ending = try database.psql("SELECT ending FROM transcript_ends", database: "crscheck")
      }
      #expect(ending == "abandoned")
      let end = try database.psql(
        "SELECT line FROM transcript_records WHERE line::json->>'type' = 'end'", database: "crscheck")
      #expect(end.contains("\"fever\""), "the end carries what was known, from the replay: \(end)")
      let verify = try Binary.run(["review", "verify", "--all", "--store", database.url])
      #expect(verify.status == 0 && verify.output.contains(": ok"), "\(verify.output)")
    }
  }
}
