import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `crscheck kiosk` on a pseudo-terminal against a real `crscheck serve`: TLS both ways (certificates made
/// by the test with openssl), a kiosk token, and the keys a patient presses.
@Suite("crscheck kiosk", .timeLimit(.minutes(3)))
struct KioskCommandTests {
  static let helpLine = "Tell the front desk, or call 555-0100."

  /// Conversations in every disposition, each answered by number, arrow keys and typed words.
  @Test func aConversationEndsInEachDispositionByNumberArrowsAndTypedWords() async throws {
    try await KioskRig.session { rig, kiosk in
      // Emergency, typed: the first words are enough; the grade for staff is never shown.
      try rig.begin(kiosk)
      kiosk.type("my husband passed out after his CAR-T\r")
      #expect(kiosk.waitFor("CALL 911 OR GO TO THE EMERGENCY DEPARTMENT NOW"), "\(kiosk.screen)")
      #expect(kiosk.waitFor(Self.helpLine))
      #expect(kiosk.waitFor("When you have finished reading"))
      #expect(!kiosk.screen.contains("grade"))
      kiosk.dismissAdvice()
      // Urgent: the findings question in words, "me" by number, "same" by arrows and Enter.
      try rig.begin(kiosk)
      kiosk.answerUpToWhoItIsAbout()
      kiosk.choose(1, then: "Which of these symptoms")
      kiosk.answer("nothing else", then: "getting worse?")
      kiosk.type("\u{1B}[B")
      #expect(kiosk.waitFor("> 2  about the same"), "\(kiosk.screen.suffix(1500))")
      kiosk.press("\r")
      #expect(kiosk.waitFor("highest temperature"))
      kiosk.answer("I don't know", then: "other readings")
      kiosk.answer("no", then: "When you have finished reading")
      #expect(kiosk.screen.contains("CONTACT YOUR CARE TEAM OR DOCTOR IMMEDIATELY"))
      kiosk.dismissAdvice()
      // Consult, and monitor.
      try rig.begin(kiosk)
      kiosk.answer("I have a cough", then: "do you have any of these?")
      kiosk.answer("no", then: "Who is this about")
      kiosk.choose(1, then: "Which of these symptoms")
      kiosk.answer("nothing else", then: "engager")
      kiosk.answer("no treatment", then: "getting worse?")
      kiosk.answer("better", then: "other readings")
      kiosk.answer("no", then: "When you have finished reading")
      #expect(kiosk.screen.contains("CONTACT YOUR DOCTOR; THIS IS NOT AN EMERGENCY"))
      kiosk.dismissAdvice()
      try rig.begin(kiosk)
      kiosk.answer("checking in after rituximab 2 weeks ago", then: "do you have any of these?")
      kiosk.answer("no", then: "Who is this about")
      kiosk.choose(1, then: "Which of these symptoms")
      kiosk.answer("none", then: "When you have finished reading")
      #expect(kiosk.screen.contains("NO SIGNS OF CRS NOW; KEEP WATCHING"), "\(kiosk.screen.suffix(2000))")
    }
  }

  /// Esc and F5, the named keys on screen: back one question, and start over.
  @Test func escGoesBackAndF5StartsOver() async throws {
    try await KioskRig.session { rig, kiosk in
      try rig.begin(kiosk)
      kiosk.answerUpToWhoItIsAbout()
      kiosk.type("\u{1B}")
      #expect(kiosk.waitFor("do you have any of these?"), "Esc did not go back: \(kiosk.screen.suffix(1500))")
      kiosk.type("\u{1B}[15~")
      #expect(kiosk.waitFor("In your own words"), "F5 did not start over: \(kiosk.screen.suffix(1500))")
    }
  }

  /// The first address in the list is down: the kiosk goes on to the next.
  @Test func aServerDownInTheListIsPassedOverForTheNext() async throws {
    let down = try HAProxyTests.HAProxy.freePort()
    try await KioskRig.session(servers: { "127.0.0.1:\(down),127.0.0.1:\($0.port)" }) { rig, kiosk in
      try rig.begin(kiosk)
      kiosk.type("my husband passed out after his CAR-T\r")
      #expect(kiosk.waitFor("CALL 911 OR GO TO THE EMERGENCY DEPARTMENT NOW"))
    }
  }

  /// A patient who walks away: after --idle without a key the conversation is abandoned (ended as quit)
  /// and the next patient gets the welcome screen, with the scroll-back cleared.
  @Test func aConversationLeftIdleIsAbandonedForTheWelcomeScreen() async throws {
    try await KioskRig.session(["--idle", "5"]) { rig, kiosk in
      try rig.begin(kiosk)
      kiosk.type("I had the flu and now a fever\r")
      #expect(kiosk.waitFor("do you have any of these?"))
      #expect(kiosk.waitFor("\u{1B}[3J", seconds: 20), "not abandoned")
      #expect(kiosk.waitFor("In your own words"))
      let ended = try Binary.transcripts(in: rig.store).map {
        try String(contentsOfFile: $0, encoding: .utf8)
      }
      #expect(ended.contains { $0.contains("\"ending\":\"quit\"") }, "\(ended)")
    }
  }

  /// A patient who writes in Spanish gets the kiosk's own words (how to choose, its named keys) in Spanish.
  @Test func theKiosksOwnWordsFollowThePatientIntoSpanish() async throws {
    try await KioskRig.session { rig, kiosk in
      try rig.begin(kiosk)
      kiosk.type("mi hijo tiene fiebre desde ayer\r")
      #expect(kiosk.waitFor("Atrás"), "\(kiosk.screen.suffix(1500))")
      #expect(kiosk.waitFor("Empezar de nuevo"))
    }
  }

  /// The next patient sees nothing of the last: the screen and the scroll-back are cleared.
  @Test func dismissingTheAdviceClearsTheScreenAndScrollBack() async throws {
    try await KioskRig.session { rig, kiosk in
      try rig.begin(kiosk)
      kiosk.type("my husband passed out after his CAR-T\r")
      #expect(kiosk.waitFor("When you have finished reading"))
      kiosk.dismissAdvice()
      #expect(kiosk.waitFor("\u{1B}[3J"), "no scroll-back clear")
      #expect(kiosk.waitFor("In your own words"))
      let after = kiosk.screen.components(separatedBy: "\u{1B}[3J").last ?? ""
      #expect(!after.contains("passed out") && !after.contains("CALL 911 OR GO"))
    }
  }

  /// A findings question: each number checks (or unchecks) its choice, two digits typed together make
  /// one number, and Enter sends what is checked.
  @Test func numbersCheckSeveralFindingsAndTwoDigitsMakeOneNumber() async throws {
    try await KioskRig.session { rig, kiosk in
      try rig.begin(kiosk)
      kiosk.answerUpToWhoItIsAbout()
      kiosk.choose(1, then: "Which of these symptoms")
      kiosk.type("3")
      #expect(kiosk.waitFor("[x] cough"))
      kiosk.type("10")
      #expect(kiosk.waitFor("[x] swelling of the legs"), "\(kiosk.screen.suffix(1500))")
      let drawn = kiosk.screen.components(separatedBy: "\u{1B}[2J").last ?? ""
      #expect(drawn.contains("[ ] fever") && drawn.contains("[x] cough"))
      kiosk.press("\r")
      #expect(kiosk.waitFor("swelling of the legs"))
      #expect(kiosk.waitFor("Start over"))
    }
  }

  /// Enter pressed more than once answers one question: the presses after the first were meant for the
  /// screen they were pressed on, and are not taken by the next, where they would choose its first choice.
  @Test func keysPressedForOneScreenDoNotAnswerTheNext() async throws {
    try await KioskRig.session { rig, kiosk in
      try rig.begin(kiosk)
      kiosk.answer("I had the flu and now a fever", then: "do you have any of these?")
      kiosk.answer("no\r\r\r", then: "Who is this about")
      #expect(
        !kiosk.waitFor("Which of these symptoms", seconds: 2), "a second Enter answered the next question")
    }
  }

  /// A server killed in the middle of a conversation and started again: the kiosk resumes it and the same
  /// advice comes, with no error shown to the patient.
  @Test func aServerKilledMidConversationIsResumedToTheSameAdvice() async throws {
    try await KioskRig.session { rig, kiosk in
      try rig.begin(kiosk)
      kiosk.answerUpToWhoItIsAbout()
      try rig.restartServer()
      // Once resumed, the kiosk asks the standing question again (keys are not taken while no server
      // answers).
      #expect(kiosk.waitFor("Who is this about", seconds: 30), "\(kiosk.screen.suffix(1500))")
      kiosk.choose(1, then: "Which of these symptoms")
      kiosk.answer("nothing else", then: "getting worse?")
      kiosk.answer("same", then: "highest temperature")
      kiosk.answer("I don't know", then: "other readings")
      kiosk.answer("no", then: "When you have finished reading")
      #expect(kiosk.screen.contains("CONTACT YOUR CARE TEAM OR DOCTOR IMMEDIATELY"))
      let log = try String(contentsOfFile: rig.kioskLog, encoding: .utf8)
      #expect(log.contains("conversation resumed"), "\(log)")
      // Nothing of the conversation is in the kiosk's log.
      #expect(!log.contains("flu") && !log.contains("fever"))
      // One conversation, taken up again: its transcript records the resumption (the kiosk server then
      // began the next patient's).
      let resumed = try Binary.transcripts(in: rig.store).filter {
        try String(contentsOfFile: $0, encoding: .utf8).contains("\"type\":\"resume\"")
      }
      #expect(resumed.count == 1)
    }
  }

  /// With no server at all, the steady screen says so and gives the emergency number.
  @Test func noServerShowsTheUnavailableScreenWithTheEmergencyNumber() async throws {
    try await KioskRig.session(startServer: false) { rig, kiosk in
      #expect(kiosk.waitFor("not available right now"), "\(kiosk.screen)")
      #expect(kiosk.waitFor("call 911 now"))
      #expect(kiosk.waitFor(Self.helpLine))
      #expect(!kiosk.screen.lowercased().contains("refused"), "a socket error reached the screen")
    }
  }

  /// A wrong token: a message for staff on screen (with the emergency number for whoever is there).
  @Test func aWrongTokenShowsAMessageForStaff() async throws {
    try await KioskRig.session(prepare: {
      try $0.writeToken("not-the-right-token-at-all")
    }) { rig, kiosk in
      #expect(kiosk.waitFor("For staff"), "\(kiosk.screen)")
      #expect(kiosk.waitFor("--token-file"))
      #expect(kiosk.waitFor("call 911"))
    }
  }

  /// Plaintext only to this machine, judged on the resolved address: a name that merely starts with
  /// `127.` is refused without --tls-ca, as serve refuses to listen on one.
  @Test func plaintextToAnotherMachineIsRefused() throws {
    for server in ["10.1.2.3:7000", "127.example.org:7000"] {
      let result = try Binary.run(["kiosk", server])
      #expect(result.status != 0)
      #expect(result.error.contains("--tls-ca"), "\(result.error)")
    }
  }

  /// `--plain`: no clearing or cursor movement, and an empty line repeats the question.
  @Test func plainModePrintsLinesAndRepeatsTheQuestion() async throws {
    try await KioskRig.session(["--plain"]) { rig, kiosk in
      #expect(kiosk.waitFor("In your own words"))
      kiosk.type("I had the flu and now a fever\r")
      #expect(kiosk.waitFor("Right now, do you have any of these?"))
      kiosk.type("no\r")
      #expect(kiosk.waitFor("Who is this about"))
      #expect(kiosk.waitFor("1) me"))
      kiosk.type("\r")
      #expect(kiosk.waitFor("Who is this about"), "an empty line did not repeat the question")
      kiosk.answer("1", then: "Which of these symptoms")
      kiosk.answer("nothing else", then: "getting worse?")
      kiosk.answer("2", then: "highest temperature")
      // A number typed for a question without choices is the answer, not a choice.
      kiosk.answer("39", then: "other readings")
      #expect(!kiosk.screen.contains("\u{1B}[2J") && !kiosk.screen.contains("\u{1B}[H"))
    }
  }
}

/// A server with TLS, client certificates and kiosk tokens, and what a kiosk needs to reach it.
final class KioskRig {
  let folder = Binary.temporaryFolder()
  var store: String { folder + "/store" }
  var tokenFile: String { folder + "/kiosk.token" }
  var kioskLog: String { folder + "/kiosk.log" }
  private(set) var server: Process?
  private(set) var port = 0

  init(startServer: Bool = true) throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for (name, subject) in [("server", "/CN=127.0.0.1"), ("kiosk", "/CN=lobby-1")] {
      let made = try Binary.run(
        [
          "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(folder)/\(name).key", "-out",
          "\(folder)/\(name).pem", "-days", "1", "-subj", subject, "-addext", "subjectAltName=IP:127.0.0.1",
        ], program: URL(filePath: "/usr/bin/openssl"))
      guard made.status == 0 else { throw POSIXError(.EINVAL) }
    }
    let token = "4f1c9e2a7b3d5f60a1b2c3d4e5f60718"
    try writeToken(token)
    try "lobby-1 \(token)\n".write(toFile: folder + "/tokens", atomically: true, encoding: .utf8)
    if startServer {
      try start()
    } else {
      // A port nothing listens on: bound, then let go.
      port = try HAProxyTests.HAProxy.freePort()
    }
  }

  /// Runs `body` with a server (unless `startServer` is false) and a kiosk on a pseudo-terminal, both
  /// stopped afterwards; `prepare` runs before the kiosk starts, `servers` names its address list.
  static func session(
    startServer: Bool = true, _ arguments: [String] = [], servers: (@Sendable (KioskRig) -> String)? = nil,
    prepare: @escaping @Sendable (KioskRig) throws -> Void = { _ in },
    _ body: @escaping @Sendable (KioskRig, PseudoTerminal) throws -> Void
  ) async throws {
    try await offThePool {
      let rig = try KioskRig(startServer: startServer)
      defer { rig.stop() }
      try prepare(rig)
      let kiosk = try rig.kiosk(arguments, servers: servers?(rig))
      defer { kiosk.process.terminate() }
      try body(rig, kiosk)
    }
  }

  /// The kiosk's token file, readable by its owner alone (the kiosk refuses any other).
  func writeToken(_ token: String) throws {
    try "\(token)\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: tokenFile)
  }

  private var serveArguments: [String] {
    [
      "--kiosk", "--tls-cert", folder + "/server.pem", "--tls-key", folder + "/server.key", "--tls-client-ca",
      folder + "/kiosk.pem", "--kiosk-tokens", folder + "/tokens",
    ]
  }

  private func start() throws {
    let (process, listening) = try ServeCommandTests.serve(
      store: store, log: FileHandle.nullDevice,
      arguments: serveArguments + (port == 0 ? [] : ["--port", "\(port)"]))
    server = process
    port = try #require(listening)
  }

  /// Kills the server outright (as a crash would) and starts another on the same port and store.
  func restartServer() throws {
    if let server {
      kill(server.processIdentifier, SIGKILL)
      server.waitUntilExit()
    }
    Thread.sleep(forTimeInterval: 1)
    var tries = 0
    while true {
      do {
        try start()
        return
      } catch  where tries < 5 {
        tries += 1
        Thread.sleep(forTimeInterval: 0.5)
      }
    }
  }

  func kiosk(_ arguments: [String] = [], servers: String? = nil) throws -> PseudoTerminal {
    try PseudoTerminal(
      [
        "kiosk", servers ?? "127.0.0.1:\(port)", "--kiosk-id", "lobby-1", "--token-file", tokenFile,
        "--tls-ca",
        folder + "/server.pem", "--tls-cert", folder + "/kiosk.pem", "--tls-key", folder + "/kiosk.key",
        "--help-line", KioskCommandTests.helpLine, "--log", kioskLog,
      ] + arguments,
      environment: ["TERM": "xterm", "PATH": "/usr/bin:/bin", "COLUMNS": "100", "LINES": "40"])
  }

  /// Waits for the first question of a conversation.
  func begin(_ kiosk: PseudoTerminal) throws {
    #expect(kiosk.waitFor("In your own words"), "\(kiosk.screen.suffix(1500))")
  }

  func stop() {
    server?.terminate()
    server?.waitUntilExit()
    try? FileManager.default.removeItem(atPath: folder)
  }

}

extension PseudoTerminal {
  /// Keys after a person's pause: a kiosk ignores Enter in the first moment of a new screen.
  func press(_ keys: String) {
    Thread.sleep(forTimeInterval: 0.4)
    type(keys)
  }

  /// A choice by its number, then Enter; then waits for `next` on the screen that follows.
  func choose(_ number: Int, then next: String) {
    type(String(number))
    press("\r")
    #expect(waitFor(next), "\(screen.suffix(1500))")
  }

  /// A typed answer; then waits for `next`. Keys typed before a new screen appears are discarded by the
  /// kiosk (they were meant for the last one), so every step waits for the screen it answers.
  func answer(_ line: String, then next: String) {
    type(line + "\r")
    #expect(waitFor(next), "\(screen.suffix(1500))")
  }

  /// Enter on the advice, once it can have been read (the kiosk ignores it in the first second).
  func dismissAdvice() {
    Thread.sleep(forTimeInterval: 1.1)
    type("\r")
  }

  /// The urgent conversation's first two answers, typed: a fever after the flu, and no emergency sign.
  func answerUpToWhoItIsAbout() {
    answer("I had the flu and now a fever", then: "do you have any of these?")
    answer("no", then: "Who is this about")
  }

}
