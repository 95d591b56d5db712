import ArgumentParser
import Benchmarking
import Foundation

/// `LoadGenerator`: plays simulated patients against a running `crscheck serve` (or the echo baseline)
/// and reports throughput, latency percentiles and errors, or holds idle sessions while the server's
/// memory is read. `scripts/bench` drives it; docs/PERFORMANCE.md explains the figures.
@main
struct LoadCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "LoadGenerator",
    abstract: "Load crscheck serve (or the echo baseline) with simulated patients and measure it.",
    discussion: """
      Modes: `conversations` plays whole conversations in JSON mode from the vignettes (run the server
      with --kiosk so each connection goes on to the next patient); `echo` sends a line and waits for it
      back, against EchoServer; `idle` opens --connections sessions, waits, and reads the server's RSS
      (give --server-pid). Prints one JSON object on standard output and a summary on standard error.
      """
  )

  enum Mode: String, ExpressibleByArgument, CaseIterable {
    case conversations, echo, idle
  }

  @Option(help: "conversations, echo or idle.")
  var mode: Mode = .conversations

  @Option(help: "The server's address.")
  var host = "127.0.0.1"

  @Option(help: "The server's port.")
  var port: Int

  @Option(help: "Simulated clients at once (idle: sessions to hold).")
  var connections = 100

  @Option(help: "Seconds measured, after the warm-up.")
  var duration = 10.0

  @Option(help: "Seconds of load before measuring starts.")
  var warmup = 2.0

  @Option(help: "Milliseconds each patient waits before answering (0: full load).")
  var thinkMs = 0

  @Option(help: "The patients' scripts: a vignettes file.")
  var vignettes = "Tests/DialogEngineTests/Fixtures/vignettes.yaml"

  @Option(help: "idle: the server's process id, whose RSS is read while the sessions wait.")
  var serverPid: Int32?

  @Flag(help: "idle: the server is the echo baseline, not crscheck.")
  var echoServer = false

  func validate() throws {
    guard connections > 0 else { throw ValidationError("--connections must be at least 1") }
    guard duration > 0, warmup >= 0 else { throw ValidationError("--duration must be positive") }
  }

  func run() async throws {
    switch mode {
    case .idle:
      let figures = await IdleSessions(
        host: host, port: port, count: connections, conversations: !echoServer, serverPID: serverPid
      ).run()
      let megabytes = figures.serverRSS.map { String(format: "%.1f MB", Double($0) / 1_000_000) } ?? "unknown"
      BenchmarkOutput.emit(
        [
          "mode": "idle", "sessions": figures.held, "failed": figures.failed,
          "server_rss_bytes": figures.serverRSS ?? -1, "problems": figures.problems,
        ],
        summary: "idle: \(figures.held) sessions held, \(figures.failed) failed; server RSS \(megabytes)"
          + figures.problems.map { "\n  \($0)" }.joined())
    case .conversations, .echo:
      let window = MeasurementWindow(warmup: .seconds(warmup), duration: .seconds(duration))
      let script = mode == .conversations ? try PatientScript(contentsOf: vignettes) : nil
      let tally = await withTaskGroup(of: Tally.self) { group in
        for index in 0..<connections {
          group.addTask {
            if let script {
              await SimulatedPatient(
                host: host, port: port, script: script, window: window, think: .milliseconds(thinkMs),
                index: index, clients: connections
              ).run()
            } else {
              await EchoClient(host: host, port: port, window: window).run()
            }
          }
        }
        return await group.reduce(Tally(), +)
      }
      report(tally)
    }
  }

  private func report(_ tally: Tally) {
    let latency = Percentiles(tally.latencies)
    let micros = { (p: Double) in Double(latency.at(p)) / 1000 }
    let figures: [String: Any] = [
      "mode": mode.rawValue, "connections": connections, "seconds": duration,
      "turns": tally.turns, "turns_per_s": Double(tally.turns) / duration,
      "conversations": tally.conversations, "conversations_per_s": Double(tally.conversations) / duration,
      "errors": tally.errors, "problems": tally.problems,
      "p50_us": micros(50), "p90_us": micros(90), "p99_us": micros(99), "p999_us": micros(99.9),
    ]
    let summary = String(
      format: "%@: %d clients, %.0f turns/s, %.1f conversations/s, p50 %.0f µs, p90 %.0f µs, p99 %.0f µs, "
        + "p99.9 %.0f µs, %d errors",
      mode.rawValue, connections, Double(tally.turns) / duration, Double(tally.conversations) / duration,
      micros(50), micros(90), micros(99), micros(99.9), tally.errors)
    BenchmarkOutput.emit(figures, summary: summary + tally.problems.map { "\n  \($0)" }.joined())
  }
}
