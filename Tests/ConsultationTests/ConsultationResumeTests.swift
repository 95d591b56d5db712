import DialogEngine
import Foundation
import Testing
import TranscriptStore

@testable import Consultation

@Suite("Consultation: resuming a conversation from its transcript")
struct ConsultationResumeTests {
  let root = FileManager.default.temporaryDirectory.appending(path: "resume-\(UUID())").path
  let engine = Engine(dialog: try! DialogLoader.load(path: ConsultationTests.dialogPath))

  /// A resumable conversation after a few lines, its connection dropped.
  func dropped(_ sink: any TranscriptSink) async throws -> (Consultation, Consultation.Detached, String) {
    let consultation = await Consultation.start(
      engine: engine, transcripts: sink, Consultation.Opening(channel: "tcp", resumable: true),
      onTranscriptFailure: { _, _ in })
    for line in ["I had the flu and now a fever", "no", "me"] {
      _ = await consultation.reply(to: .text(line))
    }
    let token = try #require(consultation.resumeToken)
    let detached = try #require(await consultation.detach())
    return (consultation, detached, token)
  }

  func resume(_ session: SessionID, token: String, _ sink: any TranscriptSink, now: Date = Date())
    async throws(ResumeRefusal) -> Consultation
  {
    try await Consultation.resume(
      session, token: token, engine: engine, transcripts: sink, window: .seconds(600), channel: "tcp",
      address: "192.0.2.7", now: now, onTranscriptFailure: { _, _ in })
  }

  @Test("replaying the transcript rebuilds the session exactly, and asks the question that stood")
  func replayRebuildsTheSession() async throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let sink = FileTranscriptSink(store: TranscriptStore(root: root, policy: .always))
    let (original, detached, token) = try await dropped(sink)
    let resumed = try await resume(detached.session, token: token, sink)
    // The same state, answers and history; the start time is read back to the millisecond it was written.
    #expect(
      resumed.session.state == original.session.state && resumed.session.turns == original.session.turns)
    #expect(abs(resumed.session.startedAt.timeIntervalSince(original.session.startedAt)) < 0.001)
    #expect(resumed.question == original.question)
    #expect(resumed.takeOpening() == original.question.map { [.ask($0)] })
    _ = await resumed.reply(to: .text("I can't breathe"))
    #expect(resumed.session.status == .ended(disposition: "emergency"))
    let transcript = try await sink.transcript(of: detached.session)
    #expect(transcript.records.first { $0.type == .resume }?.address == "192.0.2.7")
    #expect(await sink.verify(transcript).isEmpty)
  }

  @Test("a resumption is refused with its reason: wrong token, unknown session, ended, expired, or edited")
  func refusals() async throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let sink = FileTranscriptSink(store: TranscriptStore(root: root, policy: .always))
    let (_, detached, token) = try await dropped(sink)
    let session = detached.session
    await #expect(throws: ResumeRefusal.wrongToken) {
      // One digit changed (a fixed "0" would be no change at all one time in sixteen).
      try await resume(session, token: (token.first == "0" ? "1" : "0") + token.dropFirst(), sink)
    }
    let unknown = try #require(SessionID("20260101T000000Z-0000000000000000"))
    await #expect(throws: ResumeRefusal.unknownSession) { try await resume(unknown, token: token, sink) }
    await #expect(throws: ResumeRefusal.expired) {
      try await resume(session, token: token, sink, now: Date().addingTimeInterval(601))
    }
    // Edited by hand: the chain no longer holds, and nothing is built on it.
    let path = root + "/" + session.file
    let text = try String(contentsOfFile: path, encoding: .utf8)
    try text.replacingOccurrences(of: "the flu", with: "a cold").write(
      toFile: path, atomically: false, encoding: .utf8)
    await #expect(throws: ResumeRefusal.damaged) { try await resume(session, token: token, sink) }
    try text.write(toFile: path, atomically: false, encoding: .utf8)
    // Expired and ended: the end is written, and the token is worth nothing after it.
    #expect(await Consultation.expire(detached, transcripts: sink))
    await #expect(throws: ResumeRefusal.ended) { try await resume(session, token: token, sink) }
    #expect(try await sink.transcript(of: session).end?.ending == .abandoned)
  }
}
