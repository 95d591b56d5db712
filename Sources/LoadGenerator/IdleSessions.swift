import Benchmarking

/// Holds many connections open, each at the point where it waits for a person (a crscheck conversation
/// at its first question, or an echo connection after one line), and reads the server's memory while
/// they wait: what a deployment of that many kiosks costs at rest.
struct IdleSessions: Sendable {
  let host: String
  let port: Int
  let count: Int
  /// The server is crscheck (a conversation per connection) rather than the echo baseline.
  let conversations: Bool
  let serverPID: Int32?
  /// Connections being opened at once, kept under the server's listen backlog.
  static let opening = 200

  struct Figures {
    var held = 0
    var failed = 0
    var serverRSS: Int?
    var problems: [String] = []
  }

  func run() async -> Figures {
    var figures = Figures()
    let (events, ready) = AsyncStream<String?>.makeStream()
    await withTaskGroup(of: Void.self) { group in
      var started = 0
      func startOne() {
        started += 1
        group.addTask { await hold(ready) }
      }
      while started < min(count, Self.opening) { startOne() }
      for await problem in events {
        if let problem {
          figures.failed += 1
          if figures.problems.count < 3 { figures.problems.append(problem) }
        } else {
          figures.held += 1
        }
        if started < count {
          startOne()
        } else if figures.held + figures.failed == count {
          break
        }
      }
      // Let the server finish what the last arrivals set off, then read it at rest.
      try? await Task.sleep(for: .seconds(2))
      figures.serverRSS = serverPID.flatMap(ResidentMemory.bytes(ofProcess:))
      group.cancelAll()
    }
    return figures
  }

  /// Opens one connection, says it is ready (nil) or what failed, then waits until cancelled.
  private func hold(_ ready: AsyncStream<String?>.Continuation) async {
    do {
      try await LineConnection.open(host: host, port: port) { connection in
        if conversations {
          guard try await connection.next()?.hasPrefix("CRSCHECK/1") == true else {
            ready.yield("no hello line")
            return
          }
          try await connection.send(#"{"type":"hello"}"#)
          while let line = try await connection.next(), SimulatedPatient.field("type", in: line) != "ask" {}
        } else {
          try await connection.send(EchoClient.line)
          _ = try await connection.next()
        }
        ready.yield(nil)
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
      }
    } catch {
      ready.yield("connection: \(error)")
    }
  }
}
