import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `crscheck chat` at a real (pseudo-)terminal, where libedit reads the lines.
@Suite("crscheck chat at a terminal", .serialized)
struct TerminalChatTests {
  let home = Binary.temporaryFolder()
  let transcripts = Binary.temporaryFolder()

  func start(colour: Bool = true) throws -> PseudoTerminal {
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    var environment = ["TERM": "xterm", "HOME": home, "PATH": "/usr/bin:/bin"]
    if !colour { environment["NO_COLOR"] = "1" }
    let terminal = try PseudoTerminal(["chat", "--transcripts", transcripts], environment: environment)
    #expect(terminal.waitFor("> "), "no prompt: \(terminal.screen)")
    return terminal
  }

  func cleanUp() {
    try? FileManager.default.removeItem(atPath: home)
    try? FileManager.default.removeItem(atPath: transcripts)
  }

  @Test("an emergency sign at the first prompt gets the emergency advice in bold red")
  func emergencyInColour() throws {
    defer { cleanUp() }
    let terminal = try start()
    terminal.type("I can't breathe\r")
    #expect(terminal.waitFor("CALL 911"))
    #expect(terminal.screen.contains("\u{1B}[1;31m*** CALL 911"))
    #expect(terminal.exitStatus() == 0)
  }

  @Test("NO_COLOR keeps the advice plain")
  func noColour() throws {
    defer { cleanUp() }
    let terminal = try start(colour: false)
    terminal.type("I can't breathe\r")
    #expect(terminal.waitFor("not a diagnosis"))
    #expect(!terminal.screen.contains("\u{1B}[1;31m"))
    #expect(terminal.screen.contains("*** CALL 911"))
  }

  @Test("Tab completes the current question's choices")
  func tabCompletion() throws {
    defer { cleanUp() }
    let terminal = try start()
    terminal.type("hello\r")
    #expect(terminal.waitFor("Right now, do you have any of these?"))
    terminal.type("no\r")
    #expect(terminal.waitFor("Who is this about"))
    #expect(terminal.waitFor("> "))
    terminal.type("my da\t")
    #expect(terminal.waitFor("ughter"), "Tab completed the word")
    terminal.type("\r")
    #expect(terminal.waitFor("Which of these symptoms does your daughter have"))
    terminal.type("none\r")
    #expect(terminal.waitFor("Which treatment has your daughter had"))
    #expect(terminal.waitFor("> "))
    terminal.type("Blina\t")
    #expect(terminal.waitFor("tumomab"), "Tab completed the word")
    terminal.type("\r")
    #expect(terminal.waitFor("treatment: blinatumomab (Blincyto)"), "\(terminal.screen)")
  }

  @Test("Ctrl-C clears the line and the question stands")
  func controlCClearsLine() throws {
    defer { cleanUp() }
    let terminal = try start()
    terminal.type("I can't brea")
    #expect(terminal.waitFor("brea"))
    terminal.signal(SIGINT)
    #expect(terminal.waitFor("> "), "a fresh prompt after Ctrl-C")
    terminal.type("hello\r")
    #expect(terminal.waitFor("Right now, do you have any of these?"))
    #expect(terminal.process.isRunning)
    #expect(!terminal.screen.contains("CALL 911"), "the cleared words were not sent")
  }

  @Test("Ctrl-D ends politely, saves the conversation as abandoned and writes no history file")
  func controlDEndsPolitely() throws {
    defer { cleanUp() }
    let terminal = try start()
    terminal.type("I have a headache\r")
    #expect(terminal.waitFor("Right now, do you have any of these?"))
    #expect(terminal.waitFor("> "))
    terminal.type("\u{4}")
    #expect(terminal.waitFor("Goodbye."))
    #expect(terminal.exitStatus() == 0)
    #expect(try FileManager.default.contentsOfDirectory(atPath: home).isEmpty, "nothing written to HOME")
    let file = try #require(Binary.transcripts(in: transcripts).first)
    #expect(try String(contentsOfFile: file, encoding: .utf8).contains("\"ending\":\"abandoned\""))
  }
}

@Suite("crscheck review at a terminal", .serialized)
struct ReviewPromptTests {
  @Test("the review prompt completes commands with Tab and runs them")
  func prompt() throws {
    let transcripts = Binary.temporaryFolder()
    let home = Binary.temporaryFolder()
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    defer {
      try? FileManager.default.removeItem(atPath: transcripts)
      try? FileManager.default.removeItem(atPath: home)
    }
    _ = try Binary.run(["chat", "--transcripts", transcripts], input: "I can't breathe\n")
    let terminal = try PseudoTerminal(
      ["review", "--transcripts", transcripts, "--by", "tester"],
      environment: ["TERM": "xterm", "HOME": home, "PATH": "/usr/bin:/bin"])
    #expect(terminal.waitFor("review> "))
    terminal.type("que\t")
    #expect(terminal.waitFor("ue"), "Tab completed the command")
    terminal.type("\r")
    #expect(terminal.waitFor("emergency"), "\(terminal.screen)")
    #expect(terminal.waitFor("review> "))
    terminal.type("quit\r")
    let status = terminal.exitStatus()
    #expect(status == 0, "\(terminal.screen)")
  }
}
