import Benchmarking

/// The baseline's client: one line out, the same line back, as fast as the echo server answers, until
/// the measurement window closes. A turn here is the floor under a crscheck turn.
struct EchoClient: Sendable {
  let host: String
  let port: Int
  let window: MeasurementWindow
  /// As long as a typical answer message, so both servers move similar bytes.
  static let line = #"{"type":"answer","text":"I had Kymriah 4 days ago and now I have a fever"}"#

  func run() async -> Tally {
    var tally = Tally()
    do {
      try await LineConnection.open(host: host, port: port) { connection in
        while !window.isOver {
          let sentAt = ContinuousClock.now
          try await connection.send(Self.line)
          guard try await connection.next() != nil else {
            tally.fail("the echo server closed the connection")
            return
          }
          let now = ContinuousClock.now
          if window.covers(sentAt, now) {
            tally.turns += 1
            tally.latencies.append((now - sentAt).nanoseconds)
          }
        }
      }
    } catch {
      tally.fail("connection: \(error)")
    }
    return tally
  }
}
