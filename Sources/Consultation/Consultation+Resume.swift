import DialogEngine
import Foundation
import TranscriptStore

extension Consultation {
  /// Takes up a conversation whose connection dropped, from its transcript: on this server or another that
  /// shares the store, after a restart too. The session is rebuilt by replaying the patient's answers, not
  /// read from a stored copy: the engine is a pure function of its lines, the transcript already holds them,
  /// and replaying checks it, since a replay that does not give exactly what the patient was shown is refused
  /// rather than built on. The transcript goes on in the same file and hash chain, with a `resume` record;
  /// the current question is asked again (`takeOpening`).
  ///
  /// The caller makes sure no other connection drives the session meanwhile.
  public static func resume(
    _ session: SessionID, token: String, engine: Engine, transcripts sink: any TranscriptSink,
    window: Duration,
    channel: String, address: String?, now: Date = Date(),
    onTranscriptFailure: @escaping (_ failure: TranscriptError, _ session: String) -> Void
  ) async throws(ResumeRefusal) -> Consultation {
    let (step, records, lastHash, kiosk) = try await rebuild(
      session, token: token, engine: engine, sink: sink, window: window, now: now)
    let consultation = Consultation(
      engine: engine, sink: sink, ticket: sink.reopen(session: session, records: records, lastHash: lastHash),
      identity: session, step: step, resumeToken: token, kiosk: kiosk, clock: Date.init,
      onTranscriptFailure: onTranscriptFailure)
    var resumed = TranscriptRecord(seq: 0, at: now, type: .resume)
    resumed.channel = channel
    resumed.address = address
    consultation.saved = records
    consultation.unsaved.append(resumed)
    consultation.opening = step.question.map { [.ask($0)] } ?? []
    consultation.recordBot(consultation.opening)
    await consultation.save()
    return consultation
  }

  /// Whether `token` is the conversation's: checked before anything else is said about the session, so that
  /// without its token nobody learns even that it is in use.
  public static func tokenMatches(_ session: SessionID, token: String, transcripts sink: any TranscriptSink)
    async
    -> Bool
  {
    guard let transcript = try? await sink.transcript(of: session),
      let digest = transcript.records.first?.resumeDigest
    else { return false }
    return ResumeToken.matches(token, digest: digest)
  }

  /// Ends a detached conversation as abandoned, unless it was resumed since, here or on another server (its
  /// transcript then holds more records than when it was detached). True when it was ended now.
  public static func expire(_ detached: Detached, transcripts sink: any TranscriptSink, now: Date = Date())
    async
    -> Bool
  {
    guard let transcript = try? await sink.transcript(of: detached.session), !transcript.isComplete,
      transcript.records.count == detached.records
    else { return false }
    var end = detached.end
    end.at = now
    return await close(transcript, of: detached.session, with: end, sink)
  }

  /// Ends, as abandoned, a conversation a server left open and nobody resumed within its window (found by a
  /// sweep of a shared store). Its findings and values come from replaying it, when this server's dialog is
  /// the one it began with; the end says only that it was abandoned otherwise. True when it was ended now.
  public static func abandon(
    _ session: SessionID, engine: Engine, transcripts sink: any TranscriptSink, now: Date = Date()
  ) async -> Bool {
    guard let transcript = try? await sink.transcript(of: session), !transcript.isComplete,
      let header = transcript.records.first, header.type == .session
    else { return false }
    var end = TranscriptRecord(seq: 0, at: now, type: .end)
    end.ending = .abandoned
    if header.dialog?.sha256 == engine.dialog.source.sha256,
      let step = try? replay(transcript.records, engine: engine)
    {
      end.findings = step.session.state.observations
      end.values = step.session.state.values
    }
    return await close(transcript, of: session, with: end, sink)
  }

  /// Writes `end` after the transcript's last record, chained on it, for a conversation no connection
  /// drives: the one way `expire` and `abandon` end one. True when it is written.
  private static func close(
    _ transcript: Transcript, of session: SessionID, with end: TranscriptRecord, _ sink: any TranscriptSink
  ) async -> Bool {
    guard let lastHash = transcript.lastLineHash else { return false }
    let ticket = sink.reopen(session: session, records: transcript.records.count, lastHash: lastHash)
    return await sink.finish(ticket, with: end) == nil
  }

  /// The session's step as it stands, with the number of records and the last line's hash to chain on.
  private static func rebuild(
    _ session: SessionID, token: String, engine: Engine, sink: any TranscriptSink, window: Duration, now: Date
  ) async throws(ResumeRefusal) -> (Step, records: Int, lastHash: String, kiosk: String?) {
    let transcript: Transcript
    do {
      transcript = try await sink.transcript(of: session)
    } catch {
      throw .unknownSession
    }
    guard let header = transcript.records.first, header.type == .session, let digest = header.resumeDigest
    else { throw .unknownSession }
    guard ResumeToken.matches(token, digest: digest) else { throw .wrongToken }
    guard !transcript.isComplete else { throw .ended }
    guard let last = transcript.records.last, let lastHash = transcript.lastLineHash,
      now.timeIntervalSince(last.at) <= Double(window.components.seconds)
    else { throw .expired }
    let problems = await sink.verify(transcript)
    guard problems.allSatisfy({ $0.kind == .incomplete }) else { throw .damaged }
    guard header.dialog?.sha256 == engine.dialog.source.sha256 else { throw .dialogChanged }
    return (
      try replay(transcript.records, engine: engine), transcript.records.count, lastHash, header.kiosk
    )
  }

  /// Replays the patient's answers from the start, checking after each that the engine says what the
  /// transcript recorded.
  private static func replay(_ records: [TranscriptRecord], engine: Engine) throws(ResumeRefusal) -> Step {
    let header = records[0]
    var step = engine.start(
      id: header.session ?? "", at: header.at,
      timeZone: header.timeZone.flatMap(TimeZone.init(identifier:)) ?? .current,
      language: header.languageChosen == true ? header.language : nil)
    var shown = step.events
    var recorded: [Event] = []
    for record in records.dropFirst() {
      switch record.type {
      case .bot:
        guard let event = record.event else { throw .doesNotReplay }
        recorded.append(event)
      case .patient:
        guard shown == recorded, let answer = answer(record) else { throw .doesNotReplay }
        step = engine.respond(to: answer, in: step.session)
        (shown, recorded) = (step.events, [])
      case .resume:
        guard shown == recorded else { throw .doesNotReplay }
        (shown, recorded) = (step.question.map { [.ask($0)] } ?? [], [])
      case .session, .end:
        throw .doesNotReplay
      }
    }
    guard shown == recorded, step.session.isActive else { throw .doesNotReplay }
    return step
  }

  /// The answer a patient record holds, as the engine took it.
  private static func answer(_ record: TranscriptRecord) -> Answer? {
    if let command = record.command { return Language.Command(rawValue: command).map(Answer.command) }
    if let choices = record.choices { return .choices(choices) }
    return record.text.map(Answer.text)
  }
}
