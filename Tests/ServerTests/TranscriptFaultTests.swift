import Foundation
import Logging
import Testing

/// Faults of the transcript disk while patients talk: the advice always comes, the failure is logged
/// loudly and without patient text, and the server goes on serving.
@Suite("crscheck serve: transcript faults", .timeLimit(.minutes(2)))
struct TranscriptFaultTests {
  @Test(
    "after an fsync failure nothing more is written, the server logs it as critical, and every patient still gets the advice"
  )
  func fsyncFailure() async throws {
    let disk = FailingDisk()
    let logs = LogRecorder()
    let server = try await TestServer.start(logs: logs, disk: disk) { $0.syncPolicy = .always }
    defer { server.removeTranscripts() }
    let inFlight = try await LineClient.withConnection(port: server.port) { client in
      try await client.beginJSON()
      try await client.send(#"{"type":"answer","text":"I have a headache"}"#)
      _ = try await client.turn()
      disk.fail()
      try await client.send(#"{"type":"answer","text":"my lips are blue"}"#)
      return try await client.rest().map(json)
    }
    #expect(inFlight.contains { $0["disposition"] as? String == "emergency" }, "a conversation in flight")
    let callsWhileFailing = disk.heal()
    let newcomer = try await LineClient.consult(port: server.port, saying: "I can't breathe")
    #expect(newcomer.contains { $0["disposition"] as? String == "emergency" }, "a conversation begun after")
    try await server.stop()

    #expect(callsWhileFailing == 1, "one failed fsync is final: it is never retried")
    let critical = logs.entries.filter { $0.level == .critical }
    #expect(critical.count == 2, "each conversation not saved is reported: \(logs.all)")
    #expect(critical.allSatisfy { $0.text.contains("fsync failed: Input/output error") })
    for words in ["headache", "lips", "breathe"] {
      #expect(!logs.all.contains(words), "patient text is never logged")
    }
    let transcripts = try server.transcriptRecords()
    #expect(transcripts.count == 1, "the newcomer's transcript could not even be created")
    let kept = try #require(transcripts.first)
    // A turn is written in one write, the patient's line with the replies to it, then synced: the turn whose
    // sync failed is the last in the file.
    #expect(
      kept.last { $0["type"] as? String == "patient" }?["text"] as? String == "my lips are blue",
      "written up to the failed sync, and no further")
    #expect(kept.last?["type"] as? String == "bot", "the turn is whole: the line and what it was told")
    #expect(!kept.contains { $0["type"] as? String == "end" })
  }
}
