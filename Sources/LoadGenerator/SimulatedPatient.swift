import Benchmarking

/// One kiosk's worth of patients over one connection: conversation after conversation in JSON mode, each
/// told from a vignette, answering each `ask` by its slot, until the measurement window closes. Against a
/// server without `--kiosk` it reconnects for each conversation.
struct SimulatedPatient: Sendable {
  let host: String
  let port: Int
  let script: PatientScript
  let window: MeasurementWindow
  /// A pause before each answer, as a person reading and typing would take (zero for full load).
  let think: Duration
  /// This client's number, and how many there are, so that clients take turns through the vignettes.
  let index: Int
  let clients: Int

  func run() async -> Tally {
    var tally = Tally()
    var number = index
    while !window.isOver {
      do {
        try await LineConnection.open(host: host, port: port) { connection in
          try await converse(&connection, number: &number, tally: &tally)
        }
      } catch {
        tally.fail("connection: \(error)")
        try? await Task.sleep(for: .milliseconds(100))
      }
    }
    return tally
  }

  private func converse(_ connection: inout LineConnection, number: inout Int, tally: inout Tally)
    async throws
  {
    guard let greeting = try await connection.next(), greeting.hasPrefix("CRSCHECK/1") else {
      tally.fail("no CRSCHECK/1 hello line")
      return
    }
    try await connection.send(#"{"type":"hello"}"#)
    var patient = script.patient(number)
    var sentAt: ContinuousClock.Instant?
    while let line = try await connection.next() {
      switch Self.field("type", in: line) {
      case "ask":
        if let sentAt { record(sentAt, &tally) }
        guard !window.isOver else { return }
        if think > .zero { try await Task.sleep(for: think) }
        let answer = patient.answer(toSlot: String(Self.field("slot", in: line) ?? ""))
        sentAt = .now
        try await connection.send(Self.answerMessage(answer))
      case "bye":
        if let sentAt { record(sentAt, &tally) }
        sentAt = nil
        if Self.field("reason", in: line) == "completed" {
          if !window.isOver && ContinuousClock.now >= window.start { tally.conversations += 1 }
        } else {
          tally.fail("conversation ended: \(Self.field("reason", in: line) ?? "?")")
        }
        number += clients
        patient = script.patient(number)
      case "error":
        tally.fail("server error: \(Self.field("code", in: line) ?? "?")")
      default:
        break  // hello, say, result, reset
      }
    }
  }

  private func record(_ sentAt: ContinuousClock.Instant, _ tally: inout Tally) {
    let now = ContinuousClock.now
    guard window.covers(sentAt, now) else { return }
    tally.turns += 1
    tally.latencies.append((now - sentAt).nanoseconds)
  }

  /// A top-level string field of a server message. The server writes flat keys and escapes every quote
  /// inside strings, so `"name":"` occurs only as the key itself; this keeps the generator's own cost
  /// small next to the server's.
  static func field(_ name: String, in line: String) -> Substring? {
    guard let key = line.range(of: "\"\(name)\":\"") else { return nil }
    let rest = line[key.upperBound...]
    guard let close = rest.firstIndex(of: "\"") else { return nil }
    return rest[..<close]
  }

  /// `{"type":"answer","text":…}` with the text escaped as JSON requires.
  static func answerMessage(_ text: String) -> String {
    var escaped = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": escaped += "\\\""
      case "\\": escaped += "\\\\"
      case _ where scalar.value < 0x20: escaped += "\\u" + String(scalar.value, radix: 16).leftPadded(4)
      default: escaped.unicodeScalars.append(scalar)
      }
    }
    return #"{"type":"answer","text":""# + escaped + #""}"#
  }
}

extension String {
  fileprivate func leftPadded(_ length: Int) -> String {
    String(repeating: "0", count: max(0, length - count)) + self
  }
}
