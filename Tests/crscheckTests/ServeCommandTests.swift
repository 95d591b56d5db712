import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `crscheck serve` as a process: signals, exit status, refusals.
@Suite("crscheck serve as a process", .timeLimit(.minutes(2)))
struct ServeCommandTests {
  @Test(
    "SIGTERM with a conversation open: the patient is told, the transcript closed, exit 0; no patient text logged"
  )
  func sigterm() throws {
    let transcripts = Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: transcripts) }
    let log = Self.logFile()
    defer { try? FileManager.default.removeItem(at: log) }
    let (process, listening) = try Self.serve(
      store: transcripts, log: try FileHandle(forWritingTo: log))
    defer { if process.isRunning { process.terminate() } }
    let port = try #require(listening)

    let socket = try Socket(port: port)
    #expect(socket.readLine()?.hasPrefix("CRSCHECK/1") == true)
    socket.write("I have a headache\n")
    while let line = socket.readLine(), line != "> " {}
    while let line = socket.readLine(), line != "> " {}
    kill(process.processIdentifier, SIGTERM)
    var farewell: [String] = []
    while let line = socket.readLine() { farewell.append(line) }
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(farewell.joined(separator: " ").contains("crscheck is restarting"))
    let logged = try String(contentsOf: log, encoding: .utf8)
    #expect(logged.contains("connection opened"), "connection events are logged")
    #expect(!logged.contains("headache"), "patient text never is")
    let files = Binary.transcripts(in: transcripts)
    #expect(files.count == 1)
    let last = try String(contentsOfFile: files[0], encoding: .utf8).split(separator: "\n").last ?? ""
    #expect(last.contains("\"ending\":\"shutdown\""))
  }

  @Test("kill -9 with conversations open loses no acknowledged line, and each transcript reads as incomplete")
  func sigkill() throws {
    let transcripts = Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: transcripts) }
    let (process, listening) = try Self.serve(store: transcripts, log: FileHandle.nullDevice)
    defer { if process.isRunning { process.terminate() } }
    let port = try #require(listening)

    var acknowledged: [String] = []
    var sockets: [Socket] = []
    for index in 0..<5 {
      let socket = try Socket(port: port)
      _ = socket.readLine()
      let words = "patient \(index) has a headache and a cough"
      socket.write(words + "\n")
      while let line = socket.readLine(), line != "> " {}
      while let line = socket.readLine(), line != "> " {}  // the reply to the words: acknowledged
      acknowledged.append(words)
      sockets.append(socket)
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()

    let files = Binary.transcripts(in: transcripts)
    #expect(files.count == 5)
    let all = try files.map { try String(contentsOfFile: $0, encoding: .utf8) }.joined()
    for words in acknowledged {
      #expect(all.contains(words), "“\(words)” was answered, so it must be in a transcript")
    }
    let verify = try Binary.run(["review", "verify", "--all", "--transcripts", transcripts])
    #expect(verify.status == 0, "a crash is not tampering")
    #expect(
      verify.output.components(separatedBy: "incomplete: the session never reached its end").count - 1 == 5)
  }

  @Test(
    "kill -9 amid 50 busy conversations loses no line whose reply was received, and verify finds no tampering"
  )
  func sigkillUnderLoad() throws {
    let transcripts = Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: transcripts) }
    let (process, listening) = try Self.serve(store: transcripts, log: FileHandle.nullDevice)
    defer { if process.isRunning { process.terminate() } }
    let port = try #require(listening)

    let acknowledged = AcknowledgedLines()
    let clients = DispatchGroup()
    for client in 0..<50 {
      clients.enter()
      let thread = Thread {
        Self.talkUntilTheServerDies(port: port, client: client, acknowledged: acknowledged)
        clients.leave()
      }
      thread.start()
    }
    // An arbitrary moment: after some number of answered lines, different on every run.
    let moment = Int.random(in: 200...2_000)
    while acknowledged.count < moment, clients.wait(timeout: .now() + .milliseconds(5)) == .timedOut {}
    // No reconnecting once the server is gone: its free port may be handed to another test's server.
    acknowledged.stopReconnecting()
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    clients.wait()

    var saved: Set<String> = []
    for file in Binary.transcripts(in: transcripts) {
      let text = try String(contentsOfFile: file, encoding: .utf8)
      for line in text.split(separator: "\n") {
        let record = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        if record?["type"] as? String == "patient", let words = record?["text"] as? String {
          saved.insert(words)
        }
      }
    }
    let lost = acknowledged.lines.filter { !saved.contains($0) }
    #expect(acknowledged.count >= moment)
    #expect(lost.isEmpty, "answered, so they must be in a transcript: \(lost.prefix(5))")
    let verify = try Binary.run(["review", "verify", "--all", "--transcripts", transcripts])
    #expect(verify.status == 0, "a crash is not tampering: \(verify.output.suffix(2_000))")
    #expect(verify.output.contains(" 0 with signs of tampering"))
  }

  /// One simulated patient: conversation after conversation, each line unique, until the server is gone
  /// and a new connection is refused.
  /// A line counts as acknowledged once its whole reply arrived: the next prompt, or the goodbye.
  static func talkUntilTheServerDies(port: Int, client: Int, acknowledged: AcknowledgedLines) {
    // An emergency sign every few lines, so that sessions end, writing their end records and index
    // entries, all through the load.
    let answers = [
      "I have a headache", "me", "no treatment", "not sure", "nothing else", "no", "help", "my lips are blue",
    ]
    var conversation = 0
    while acknowledged.mayReconnect, let socket = try? Socket(port: port), socket.readLine() != nil {
      conversation += 1
      socket.write("\n")
      guard socket.readThroughTurn() != nil else { continue }
      for turn in 0... {
        let words = "\(answers[(client + turn) % answers.count]) (patient \(client).\(conversation).\(turn))"
        socket.write(words + "\n")
        // Nil: the server ended this conversation some other way, or died; the next connect tells which.
        guard let ending = socket.readThroughTurn() else { break }
        acknowledged.append(words)
        if ending != "> " { break }
      }
    }
  }

  @Test("listening off this machine without TLS is refused, and the reason given")
  func plaintextRefused() throws {
    let result = try Binary.run(["serve", "--host", "0.0.0.0", "--port", "0"])
    #expect(result.status == 1)
    #expect(result.error.contains("without TLS"))
  }

  /// Once, 400 clients against `ulimit -n 300` left 117 with nothing at all and the server spinning.
  @Test(
    "with few file descriptors, every client gets the hello or the busy line, and the server does not spin")
  func fewFileDescriptors() throws {
    let transcripts = Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: transcripts) }
    let log = Self.logFile()
    defer { try? FileManager.default.removeItem(at: log) }
    let (process, listening) = try Self.serve(
      store: transcripts, log: try FileHandle(forWritingTo: log),
      arguments: ["--max-per-address", "1000"],
      openFiles: 300)
    defer { if process.isRunning { process.terminate() } }
    let port = try #require(listening)
    let clients = try (0..<400).map { _ in try Socket(port: port, timeout: 5) }
    let first = clients.map { $0.readLine() ?? "" }
    let served = first.filter { $0.hasPrefix("CRSCHECK/1") }.count
    let busy = first.filter { $0.hasPrefix("BUSY") && $0.contains("call 911") }.count
    #expect(served + busy == 400, "\(400 - served - busy) clients got nothing")
    #expect(served > 0 && busy > 0)
    // Left with every served connection open, the server should be waiting, not working.
    func cpuSeconds() throws -> Double {
      let fields = try String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)
        .split(separator: ")").last!.split(separator: " ")
      return Double(Int(fields[11])! + Int(fields[12])!) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
    let before = try cpuSeconds()
    Thread.sleep(forTimeInterval: 2)
    #expect(try cpuSeconds() - before < 1, "the server spins")
    #expect(try String(contentsOf: log, encoding: .utf8).contains("open files are limited to 300"))
  }

  /// An empty file for a server's standard error, for the caller to remove.
  static func logFile() -> URL {
    let log = FileManager.default.temporaryDirectory.appending(path: "serve-log-\(UUID())")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    return log
  }

  /// Starts `crscheck serve` on a free port with `store` (a folder or a URL), under `ulimit -n openFiles` if given; returns the process
  /// and the port it says it listens on.
  static func serve(store: String, log: FileHandle, arguments: [String] = [], openFiles: Int? = nil)
    throws -> (Process, Int?)
  {
    let process = Process()
    let serve = ["serve", "--port", "0", "--store", store] + arguments
    if let openFiles {
      process.executableURL = URL(filePath: "/bin/sh")
      process.arguments = ["-c", "ulimit -n \(openFiles) && exec \"$0\" \"$@\"", Binary.url.path] + serve
    } else {
      process.executableURL = Binary.url
      process.arguments = serve
    }
    process.currentDirectoryURL = Binary.repository
    let output = Pipe()
    process.standardOutput = output
    process.standardError = log
    try process.run()
    return (process, listeningPort(output.fileHandleForReading))
  }

  /// Reads the process's standard output until it says which port it listens on.
  static func listeningPort(_ handle: FileHandle) -> Int? {
    var text = ""
    while !text.contains("\n") {
      let data = handle.availableData
      if data.isEmpty { return nil }
      text += String(decoding: data, as: UTF8.self)
    }
    return text.split(separator: " ").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
  }
}

/// A blocking TCP client on 127.0.0.1, enough to speak the text protocol to a child process.
final class Socket {
  private let descriptor: Int32
  private var buffer: [UInt8] = []

  init(port: Int, timeout seconds: Int = 20) throws {
    descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var timeout = timeval(tv_sec: seconds, tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
  }

  deinit {
    close(descriptor)
  }

  func write(_ text: String) {
    _ = Array(text.utf8).withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
  }

  /// Lines up to the end of the server's turn; returns that last line: the prompt, or the goodbye that
  /// ends the conversation. Nil when the connection ended first.
  func readThroughTurn() -> String? {
    while let line = readLine() {
      if line == "> " || line == "Goodbye." { return line }
    }
    return nil
  }

  /// Every line until the server closes the connection.
  func rest() -> [String] {
    var lines: [String] = []
    while let line = readLine() { lines.append(line) }
    return lines
  }

  /// The next line without its newline, or nil at the end of the stream.
  func readLine() -> String? {
    while true {
      if let newline = buffer.firstIndex(of: 0x0A) {
        let line = String(decoding: buffer[..<newline], as: UTF8.self)
        buffer.removeSubrange(...newline)
        return line
      }
      var chunk = [UInt8](repeating: 0, count: 4096)
      let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
      guard count > 0 else { return nil }
      buffer += chunk[..<count]
    }
  }
}

/// The patient lines whose replies the clients received, from many threads, and whether they may still
/// open new connections.
final class AcknowledgedLines: @unchecked Sendable {
  private let lock = NSLock()
  private var all: [String] = []
  private var stopped = false

  var count: Int { lock.withLock { all.count } }
  var mayReconnect: Bool { lock.withLock { !stopped } }

  func stopReconnecting() {
    lock.withLock { stopped = true }
  }
  var lines: [String] { lock.withLock { all } }

  func append(_ line: String) {
    lock.withLock { all.append(line) }
  }
}

/// The open-file limit `serve` starts with: a socket and a transcript per conversation.
@Suite("crscheck serve: open-file limit", .timeLimit(.minutes(1)))
struct OpenFileLimitTests {
  /// Starts serve under `prlimit` with a soft limit of 256, and returns what it was left with and said.
  func serve(hardLimit: Int, maxConnections: Int) throws -> (soft: Int?, warning: String) {
    let transcripts = Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: transcripts) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
    process.arguments = [
      "--nofile=256:\(hardLimit)", Binary.url.path, "serve", "--port", "0", "--transcripts", transcripts,
      "--max-connections", "\(maxConnections)",
    ]
    process.currentDirectoryURL = Binary.repository
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    defer { if process.isRunning { process.terminate() } }
    _ = ServeCommandTests.listeningPort(output.fileHandleForReading)
    let limits = try String(contentsOfFile: "/proc/\(process.processIdentifier)/limits", encoding: .utf8)
    let soft = limits.split(separator: "\n").first { $0.hasPrefix("Max open files") }
      .flatMap { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst(3).first }
      .flatMap { Int($0) }
    process.terminate()
    process.waitUntilExit()
    let warning = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return (soft, warning)
  }

  @Test("a low soft limit is raised to what the connection limit needs, without a warning")
  func raised() throws {
    let started = try serve(hardLimit: 8_192, maxConnections: 1_000)
    #expect(started.soft == 2_064)
    #expect(!started.warning.contains("open files are limited"))
  }

  @Test("a hard limit too low for the connection limit is raised to as far as it goes, and said")
  func warned() throws {
    let started = try serve(hardLimit: 2_000, maxConnections: 10_000)
    #expect(started.soft == 2_000)
    #expect(started.warning.contains("open files are limited to 2000"))
    #expect(started.warning.contains("--max-connections"))
  }
}
