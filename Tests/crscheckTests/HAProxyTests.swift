import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Two `crscheck serve` processes on one PostgreSQL behind HAProxy, run with docs/haproxy.cfg: the
/// deployment docs/DEPLOYMENT.md describes, with a server killed under load.
@Suite("crscheck behind HAProxy", .serialized, .timeLimit(.minutes(5)))
struct HAProxyTests {
  /// Conversations whose first lines come before the kill, the rest after; with the disposition each ends in.
  static let scripts: [(before: [String], after: [String], disposition: String)] = [
    (
      ["I had the flu and now a fever", "no", "me"], ["nothing else", "same", "I don't know", "no"], "urgent"
    ),
    (["checking in after rituximab 2 weeks ago", "no"], ["me", "none"], "monitor"),
  ]

  /// HAProxy in the foreground as a child process, with docs/haproxy.cfg changed only where marked `test:`.
  final class HAProxy {
    let process = Process()
    let port: Int
    let folder: String

    init(servers: [Int]) throws {
      folder = Binary.temporaryFolder()
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      port = try Self.freePort()
      let template = try String(
        contentsOf: Binary.repository.appending(path: "docs/haproxy.cfg"), encoding: .utf8)
      var serverIndex = 0
      let config = template.split(separator: "\n", omittingEmptySubsequences: false).compactMap {
        line -> String? in
        guard line.contains("# test:") else { return String(line) }
        let code = line.prefix { $0 != "#" }.trimmingCharacters(in: .whitespaces)
        if code.hasPrefix("chroot") || code.hasPrefix("user") || code.hasPrefix("group") { return nil }
        if code.hasPrefix("maxconn") { return "    maxconn 4000" }
        if code.hasPrefix("stats socket") {
          return "    stats socket \(folder)/admin.sock mode 600 level admin"
        }
        if code.hasPrefix("bind") { return "    bind 127.0.0.1:\(port) tcp-ut 10s" }
        if code.hasPrefix("server") {
          defer { serverIndex += 1 }
          return "    server s\(serverIndex + 1) 127.0.0.1:\(servers[serverIndex])"
        }
        Issue.record("a test: line this test does not know: \(line)")
        return String(line)
      }.joined(separator: "\n")
      try config.write(toFile: folder + "/haproxy.cfg", atomically: true, encoding: .utf8)
      process.executableURL = URL(filePath: "/usr/sbin/haproxy")
      process.arguments = ["-f", folder + "/haproxy.cfg", "-db"]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      // Up once a connection through it gets a server's hello.
      let deadline = ContinuousClock.now + .seconds(20)
      while ContinuousClock.now < deadline {
        if let socket = try? Socket(port: port, timeout: 2),
          socket.readLine()?.hasPrefix("CRSCHECK/1") == true
        {
          return
        }
        Thread.sleep(forTimeInterval: 0.2)
      }
      throw ThrowawayPostgres.Failed(command: "haproxy", output: "no server answered through it")
    }

    func stop() {
      if process.isRunning {
        process.terminate()
        process.waitUntilExit()
      }
      try? FileManager.default.removeItem(atPath: folder)
    }

    static func freePort() throws -> Int {
      let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
      defer { close(descriptor) }
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_addr.s_addr = inet_addr("127.0.0.1")
      var length = socklen_t(MemoryLayout<sockaddr_in>.size)
      let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
        }
      }
      guard bound else { throw POSIXError(.EADDRINUSE) }
      return Int(UInt16(bigEndian: address.sin_port))
    }
  }

  /// One kiosk in JSON mode: talks, waits at `barrier` after its first lines, and when its connection
  /// drops reconnects through HAProxy and resumes with its token. It sends again the line whose reply it
  /// never received only if the question that stood is asked again (else that line was saved before the
  /// server died). Returns the advice, whether it resumed, its session and the lines answered.
  static func kiosk(
    port: Int, script: (before: [String], after: [String], disposition: String), barrier: DispatchGroup,
    release: DispatchSemaphore
  ) -> (advice: String?, resumed: Bool, session: String, answered: [String]) {
    var resumed = false
    var advice: String?
    var session = ""
    var token = ""
    var slot: String?
    var answered: [String] = []
    /// Messages up to the next question or the end; false when the connection ended first.
    func turn(_ socket: Socket) -> Bool {
      while let line = socket.readLine() {
        let message = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
        switch message["type"] as? String {
        case "hello":
          session = message["session"] as? String ?? session
          token = message["resume_token"] as? String ?? token
        case "result": advice = message["disposition"] as? String
        case "ask":
          slot = message["slot"] as? String
          return true
        case "bye": return true
        case "error" where message["code"] as? String == "session_in_use":
          return false
        default: break
        }
      }
      return false
    }
    guard var socket = try? Socket(port: port) else { return (nil, false, "", []) }
    _ = socket.readLine()
    socket.write("{\"type\":\"hello\"}\n")
    _ = turn(socket)
    for (index, words) in (script.before + script.after).enumerated() {
      if index == script.before.count {
        barrier.leave()
        release.wait()
        release.signal()
      }
      var resend = true
      var attempts = 0
      while resend {
        let asked = slot
        socket.write("{\"type\":\"answer\",\"text\":\"\(words)\"}\n")
        if turn(socket) {
          answered.append(words)
          break
        }
        // The server is gone (or, just after it was killed, not yet let go of): resume elsewhere.
        while true {
          attempts += 1
          guard attempts < 50 else { return (advice, resumed, session, answered) }
          Thread.sleep(forTimeInterval: 0.1)
          guard let again = try? Socket(port: port) else { continue }
          socket = again
          _ = socket.readLine()
          socket.write("{\"type\":\"hello\",\"resume\":\"\(session)\",\"token\":\"\(token)\"}\n")
          if turn(socket) { break }
        }
        resumed = true
        resend = slot == asked
        if !resend { answered.append(words) }
      }
    }
    return (advice, resumed, session, answered)
  }

  @Test(
    "200 conversations through HAProxy on two servers sharing PostgreSQL; one server killed with SIGKILL midway, its kiosks resume on the other and finish with the right advice"
  )
  func twoServersOneKilled() async throws {
    try await offThePool {
      let database = try ThrowawayPostgres()
      defer { database.remove() }
      try database.migrate()
      let arguments = ["--proxy-protocol", "--trusted-proxy", "127.0.0.1", "--max-per-address", "1000"]
      let (first, firstPort) = try ServeCommandTests.serve(
        store: database.url, log: FileHandle.nullDevice, arguments: arguments)
      defer { if first.isRunning { first.terminate() } }
      let (second, secondPort) = try ServeCommandTests.serve(
        store: database.url, log: FileHandle.nullDevice, arguments: arguments)
      defer { if second.isRunning { second.terminate() } }
      let haproxy = try HAProxy(servers: [try #require(firstPort), try #require(secondPort)])
      defer { haproxy.stop() }

      let count = 200
      let barrier = DispatchGroup()
      let release = DispatchSemaphore(value: 0)
      let results = Mutex<[Int: (advice: String?, resumed: Bool, session: String, answered: [String])]>([:])
      let finished = DispatchGroup()
      let port = haproxy.port
      for id in 0..<count {
        barrier.enter()
        finished.enter()
        let thread = Thread {
          let result = Self.kiosk(
            port: port, script: Self.scripts[id % 2], barrier: barrier, release: release)
          results.withLock { $0[id] = result }
          finished.leave()
        }
        thread.stackSize = 256 * 1024
        thread.start()
      }
      #expect(barrier.wait(timeout: .now() + 120) == .success, "every kiosk began")
      kill(first.processIdentifier, SIGKILL)
      first.waitUntilExit()
      release.signal()
      #expect(finished.wait(timeout: .now() + 180) == .success, "every kiosk finished")

      let all = results.withLock { $0 }
      for id in 0..<count {
        let expected = Self.scripts[id % 2].disposition
        #expect(all[id]?.advice == expected, "kiosk \(id): \(String(describing: all[id]))")
      }
      let resumed = all.values.filter(\.resumed).count
      #expect(resumed > 0, "some kiosks were on the killed server and resumed")

      second.terminate()
      second.waitUntilExit()
      let queue = try Binary.run(["review", "queue", "--store", database.url])
      #expect(queue.output.split(separator: "\n").count == count + 1, "every conversation of both servers")
      let verify = try Binary.run(["review", "verify", "--all", "--store", database.url])
      #expect(verify.status == 0, "\(verify.output.suffix(300))")
      #expect(verify.output.contains("\(count) checked, 0 with signs of tampering"))
      #expect(!verify.output.contains("incomplete"), "every resumed conversation is complete")
      // Every line a kiosk had an answer to is in its conversation's transcript, in order.
      let stored = try database.psql(
        "SELECT session, line::json->>'text' FROM transcript_records WHERE line::json->>'type' = 'patient' "
          + "ORDER BY session, seq", database: "crscheck")
      var said: [String: [String]] = [:]
      for row in stored.split(separator: "\n") {
        let fields = row.split(separator: "|", maxSplits: 1).map(String.init)
        if fields.count == 2 { said[fields[0], default: []].append(fields[1]) }
      }
      for (id, result) in all {
        #expect(said[result.session] == result.answered, "kiosk \(id): stored \(said[result.session] ?? [])")
      }
      let addresses = try database.psql(
        "SELECT DISTINCT line::json->>'address' FROM transcript_records WHERE seq = 0", database: "crscheck")
      #expect(addresses == "127.0.0.1", "the kiosks' own address, from the PROXY header")
    }
  }
}
