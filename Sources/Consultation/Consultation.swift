import DialogEngine
import Foundation
import TranscriptStore

/// One patient's conversation as every front end drives it: the engine's session plus its transcript.
/// The engine steps here, on the caller's thread; the records each step makes go to the transcript sink in
/// one write, and the reply is returned only once they are written, so the transcript holds exactly what
/// the patient saw and no acknowledged line is lost. Front ends that are async await the sink; the
/// terminal's chat waits for it.
public final class Consultation {
  public let engine: Engine
  public private(set) var session: Session
  /// What the engine said before the patient's first line, until a front end takes it to show.
  var opening: [Event]
  /// The first transcript failure, if any. The conversation goes on regardless: a patient must still
  /// get the safety advice when a disk is full. Front ends report it, without patient text.
  public private(set) var transcriptError: TranscriptError?
  /// Whether a front end has been told of `transcriptError` (`takeUntoldFailure`).
  private var failureTold = false
  /// The question the patient is answering now, if any.
  public private(set) var question: Question?
  /// Where the transcript is kept (a file's path, or the database and session), or nil when nothing was
  /// saved.
  public var transcriptPath: String? { sink.location(of: identity) }
  /// The session's id, which also names its transcript.
  public let identity: SessionID
  /// The kiosk the conversation began on, when kiosks identify themselves.
  public let kiosk: String?
  /// The engine in the conversation's language, found when the language is set, not at every look at the
  /// dialog (the server looks several times a turn).
  private var speaker: Engine
  private let sink: any TranscriptSink
  private let ticket: TranscriptTicket
  private let clock: @Sendable () -> Date
  /// Told of the first transcript failure as it happens, so a front end can say at once that the
  /// conversation is no longer being saved.
  private let onTranscriptFailure: (_ failure: TranscriptError, _ session: String) -> Void
  /// The records of the step not yet handed to the sink.
  var unsaved: [TranscriptRecord] = []
  /// How many records the transcript holds, as far as this conversation wrote them.
  var saved = 0
  private var closed = false

  /// The secret that lets this conversation be taken up again if its connection drops (`resume`); nil
  /// for a conversation that cannot be (the terminal's chat). Only its SHA-256 is written down.
  public let resumeToken: String?

  /// How a conversation begins: where the client is, and what it chose before the first line.
  public struct Opening: Sendable {
    public var channel: String
    public var kiosk: String?
    /// The language the client chose, if any; nil lets the patient's first line choose it.
    public var language: String?
    /// The client's own address, when it came over a network.
    public var address: String?
    /// Whether the conversation can be resumed by a client that holds its token.
    public var resumable: Bool

    public init(
      channel: String, kiosk: String? = nil, language: String? = nil, address: String? = nil,
      resumable: Bool = false
    ) {
      self.channel = channel
      self.kiosk = kiosk
      self.language = language
      self.address = address
      self.resumable = resumable
    }
  }

  /// Starts a session and its transcript, and waits until its first records are written; `takeOpening()`
  /// gives the engine's first words. A transcript that cannot be created (a full disk, a folder that cannot be
  /// written) does not stop the conversation: it is reported through `onTranscriptFailure` and
  /// `transcriptError`, and the patient still gets advice.
  public convenience init(
    engine: Engine, transcripts sink: any TranscriptSink, channel: String, kiosk: String? = nil,
    language: String? = nil, clock: @escaping @Sendable () -> Date = Date.init, timeZone: TimeZone = .current,
    onTranscriptFailure: @escaping (_ failure: TranscriptError, _ session: String) -> Void = { _, _ in }
  ) {
    self.init(
      starting: engine, sink: sink, Opening(channel: channel, kiosk: kiosk, language: language), clock: clock,
      timeZone: timeZone, onTranscriptFailure: onTranscriptFailure)
    saveAndWait()
  }

  /// As `init`, awaiting the sink instead of blocking a thread: for the server.
  public static func start(
    engine: Engine, transcripts sink: any TranscriptSink, _ opening: Opening,
    onTranscriptFailure: @escaping (_ failure: TranscriptError, _ session: String) -> Void
  ) async -> Consultation {
    let consultation = Consultation(
      starting: engine, sink: sink, opening, clock: Date.init, timeZone: .current,
      onTranscriptFailure: onTranscriptFailure)
    await consultation.save()
    return consultation
  }

  @inline(never)
  private convenience init(
    starting engine: Engine, sink: any TranscriptSink, _ opening: Opening,
    clock: @escaping @Sendable () -> Date,
    timeZone: TimeZone, onTranscriptFailure: @escaping (_ failure: TranscriptError, _ session: String) -> Void
  ) {
    let now = clock()
    let identity = SessionID(startingAt: now)
    let step = engine.start(id: identity.text, at: now, timeZone: timeZone, language: opening.language)
    let token = opening.resumable ? ResumeToken.make() : nil
    var header = TranscriptRecord(seq: 0, at: now, type: .session)
    header.format = TranscriptRecord.formatVersion
    header.session = identity.text
    header.channel = opening.channel
    header.kiosk = opening.kiosk
    header.address = opening.address
    header.dialog = TranscriptRecord.DialogInfo(engine.dialog)
    header.language = step.session.language
    header.languageChosen = step.session.languageChosen
    header.timeZone = timeZone.identifier
    header.resumeDigest = token.map(ResumeToken.digest)
    self.init(
      engine: engine, sink: sink, ticket: sink.open(session: identity.text, startedAt: now),
      identity: identity,
      step: step, resumeToken: token, kiosk: opening.kiosk, clock: clock,
      onTranscriptFailure: onTranscriptFailure)
    unsaved.append(header)
    recordBot(step.events)
  }

  /// A conversation at `step`, writing to the transcript `ticket` names: new, or taken up again.
  init(
    engine: Engine, sink: any TranscriptSink, ticket: TranscriptTicket, identity: SessionID, step: Step,
    resumeToken: String?, kiosk: String?, clock: @escaping @Sendable () -> Date,
    onTranscriptFailure: @escaping (_ failure: TranscriptError, _ session: String) -> Void
  ) {
    self.engine = engine
    self.sink = sink
    self.ticket = ticket
    self.identity = identity
    self.kiosk = kiosk
    self.clock = clock
    self.onTranscriptFailure = onTranscriptFailure
    self.resumeToken = resumeToken
    session = step.session
    speaker = engine.speaking(step.session.language)
    opening = step.events
    question = step.question
  }

  /// The transcript failure not yet told to the patient, handed over once: a front end says, with its
  /// reply, that the conversation is not being saved.
  public func takeUntoldFailure() -> TranscriptError? {
    guard let transcriptError, !failureTold else { return nil }
    failureTold = true
    return transcriptError
  }

  /// What the engine said before the patient's first line, handed over once: a server holds thousands of
  /// waiting conversations, which need not keep their welcome once it is shown.
  public func takeOpening() -> [Event] {
    defer { opening = [] }
    return opening
  }

  public var isActive: Bool { session.isActive && !closed }

  /// The dialog in the conversation's language, which the patient's first line may have changed.
  public var dialog: Dialog { speaker.dialog }

  /// Takes one patient line and returns what to show, once the line and the reply are written (and the
  /// transcript ended, when the reply ends the conversation).
  public func reply(_ line: String) -> [Event] {
    let events = step(.text(line))
    saveAndWait()
    if !session.isActive { close() }
    return events
  }

  /// As `reply`, for any answer, awaiting the sink.
  public func reply(to answer: Answer) async -> [Event] {
    let events = step(answer)
    await save()
    if !session.isActive { await close() }
    return events
  }

  /// Writes the end record and waits until it is durable. A session still active is recorded as abandoned,
  /// or as `unfinished` says.
  public func close(unfinished: TranscriptRecord.Ending = .abandoned) {
    let failure = Blocking.wait { done in
      if !finish(unfinished, done: done) { done(nil) }
    }
    if let failure { fail(failure) }
  }

  /// As `close`, awaiting the sink.
  public func close(unfinished: TranscriptRecord.Ending = .abandoned) async {
    let failure = await withCheckedContinuation { continuation in
      if !finish(unfinished, done: { continuation.resume(returning: $0) }) {
        continuation.resume(returning: nil)
      }
    }
    if let failure { fail(failure) }
  }

  /// Lets the conversation go without ending it, when its connection dropped: it may be resumed within the
  /// window, and is otherwise ended as abandoned with what `Detached` holds. Nil for a conversation that
  /// cannot be resumed, or has ended; close it instead.
  public func detach() async -> Detached? {
    guard resumeToken != nil, isActive, let end = ending(.abandoned) else { return nil }
    if let failure = await sink.release(ticket) { fail(failure) }
    return Detached(session: identity, records: saved, end: end)
  }

  /// A conversation whose connection dropped: what is needed to end it if nobody resumes it in time.
  public struct Detached: Sendable {
    public let session: SessionID
    /// The records the transcript held when the connection dropped: more, later, mean it was resumed.
    let records: Int
    /// Abandoned, with what was known when the connection dropped; nothing can change it but a resumption.
    let end: TranscriptRecord
  }

  /// Hands the end record to the sink, once; false when the conversation was closed already. Synchronous
  /// and never inlined, so the record is built on the thread's stack, not in the waiting task's frame.
  @inline(never)
  private func finish(
    _ unfinished: TranscriptRecord.Ending, done: @escaping @Sendable (TranscriptError?) -> Void
  ) -> Bool {
    guard let end = ending(unfinished) else { return false }
    sink.finish(ticket, with: end, done: done)
    return true
  }

  /// Not inlined into the async `reply`, whose frame stays allocated in a server connection's task for as
  /// long as the patient is connected; the step's temporaries belong on the thread's stack.
  @inline(never)
  private func step(_ answer: Answer) -> [Event] {
    var patient = TranscriptRecord(seq: 0, at: clock(), type: .patient)
    switch answer {
    case .text(let line):
      patient.text = line
    case .choices(let ids):
      patient.choices = ids
      patient.text = ids.map { id in question?.options.first { $0.id == id }?.label ?? id }.joined(
        separator: ", ")
    case .command(let command):
      patient.command = command.rawValue
      patient.text = dialog.language.commands[command]?.first ?? command.rawValue
    }
    let step = engine.respond(to: answer, in: session)
    patient.reading = step.reading
    // The language the conversation goes on in, when this line changed it.
    if step.session.language != session.language {
      patient.language = step.session.language
      speaker = engine.speaking(step.session.language)
    }
    unsaved.append(patient)
    session = step.session
    question = step.question
    recordBot(step.events)
    return step.events
  }

  /// The end record, once; nil when the conversation was closed already.
  private func ending(_ unfinished: TranscriptRecord.Ending) -> TranscriptRecord? {
    guard !closed else { return nil }
    closed = true
    var end = TranscriptRecord(seq: 0, at: clock(), type: .end)
    switch session.status {
    case .active: end.ending = unfinished
    case .quit: end.ending = .quit
    case .ended(let disposition):
      end.ending = .completed
      end.disposition = disposition
    }
    end.findings = session.state.observations
    end.values = session.state.values
    return end
  }

  func recordBot(_ events: [Event]) {
    for event in events {
      var bot = TranscriptRecord(seq: 0, at: clock(), type: .bot)
      bot.event = event
      unsaved.append(bot)
    }
  }

  /// Hands the step's records to the sink. After a failure nothing more is written (the writer refuses),
  /// so the file holds an unbroken beginning of the conversation.
  func save() async {
    let records = takeUnsaved()
    if let failure = await sink.write(records, to: ticket) { fail(failure) } else { saved += records.count }
  }

  private func saveAndWait() {
    let records = takeUnsaved()
    if let failure = Blocking.wait(for: { sink.write(records, to: ticket, done: $0) }) {
      fail(failure)
    } else {
      saved += records.count
    }
  }

  private func takeUnsaved() -> [TranscriptRecord] {
    defer { unsaved.removeAll() }
    return unsaved
  }

  private func fail(_ error: TranscriptError) {
    guard transcriptError == nil else { return }
    transcriptError = error
    onTranscriptFailure(error, session.id)
  }
}
