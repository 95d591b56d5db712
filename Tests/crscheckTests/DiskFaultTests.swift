import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The transcripts disk full or unwritable: the patient still gets the safety advice, the failure is
/// reported without patient text, and `serve` goes on serving.
@Suite("transcript disk faults", .timeLimit(.minutes(2)))
struct DiskFaultTests {
  static let mountedFaults = BrokenTranscripts.Fault.allCases.filter(\.needsMount)
  /// Lines that end in an emergency sign a few questions in, so a disk that fills up does so mid-way.
  static let emergencyLater = "I have a headache\nme\nno treatment\nno\nmy lips are blue\n"

  @Test(
    "with the transcripts disk full or read-only, chat gives the emergency advice and says the conversation is not saved",
    .enabled(if: BrokenTranscripts.canMount, "mounting a tmpfs needs root (CAP_SYS_ADMIN)"),
    arguments: mountedFaults)
  func chatOnBrokenDisk(fault: BrokenTranscripts.Fault) throws {
    try chatGivesAdvice(fault)
  }

  @Test(
    "with the transcripts path a file, chat gives the emergency advice and says the conversation is not saved"
  )
  func chatWithFileForFolder() throws {
    try chatGivesAdvice(.notAFolder)
  }

  @Test(
    "with the transcripts disk full or read-only, serve gives every patient the advice, logs the failure and goes on",
    .enabled(if: BrokenTranscripts.canMount, "mounting a tmpfs needs root (CAP_SYS_ADMIN)"),
    arguments: mountedFaults)
  func serveOnBrokenDisk(fault: BrokenTranscripts.Fault) throws {
    try serveGivesAdvice(fault)
  }

  @Test(
    "with the transcripts path a file, serve gives every patient the advice, logs the failure and goes on")
  func serveWithFileForFolder() throws {
    try serveGivesAdvice(.notAFolder)
  }

  func chatGivesAdvice(_ fault: BrokenTranscripts.Fault) throws {
    let folder = try BrokenTranscripts(fault)
    defer { folder.remove() }
    let result = try Binary.run(["chat", "--transcripts", folder.path], input: Self.emergencyLater)
    #expect(result.output.contains("*** CALL 911"), "\(result.output)")
    #expect(result.error.contains("this conversation is not being saved"), "\(result.error)")
    for words in ["headache", "treatment", "lips"] {
      #expect(!result.error.contains(words), "patient text never goes to standard error")
    }
    #expect(result.status == 1, "a conversation that was not saved shows in the exit status")
    if fault == .full {
      #expect(Binary.transcripts(in: folder.path).isEmpty, "no empty transcript is left to read as a crash")
    }
    if fault == .fillsUp {
      let verify = try Binary.run(["review", "verify", "--all", "--transcripts", folder.path])
      #expect(verify.status == 0, "what was saved before the disk filled is whole: \(verify.output)")
      #expect(verify.output.contains("disk full") && !verify.output.contains("torn"), "\(verify.output)")
      let queue = try Binary.run(["review", "queue", "--transcripts", folder.path])
      #expect(queue.output.contains("disk full"), "the queue tells a full disk from a crash: \(queue.output)")
    }
  }

  func serveGivesAdvice(_ fault: BrokenTranscripts.Fault) throws {
    let folder = try BrokenTranscripts(fault)
    defer { folder.remove() }
    let log = ServeCommandTests.logFile()
    defer { try? FileManager.default.removeItem(at: log) }
    let (process, listening) = try ServeCommandTests.serve(
      store: folder.path, log: try FileHandle(forWritingTo: log))
    defer { if process.isRunning { process.terminate() } }
    let port = try #require(listening)

    // One patient midway while another has an emergency: both get the advice.
    let first = try Socket(port: port)
    _ = first.readLine()
    first.write("I have a headache\n")
    while let line = first.readLine(), line != "> " {}
    while let line = first.readLine(), line != "> " {}
    let second = try Socket(port: port)
    _ = second.readLine()
    second.write("I can't breathe\n")
    #expect(second.rest().contains { $0.hasPrefix("*** CALL 911") })
    first.write("my lips are blue\n")
    #expect(first.rest().contains { $0.hasPrefix("*** CALL 911") })

    kill(process.processIdentifier, SIGTERM)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let logged = try String(contentsOf: log, encoding: .utf8)
    #expect(
      logged.components(separatedBy: "transcript not saved; the conversation goes on").count - 1 == 2,
      "each conversation not saved is logged: \(logged)")
    for words in ["headache", "breathe", "lips"] {
      #expect(!logged.contains(words), "patient text is never logged")
    }
  }
}
