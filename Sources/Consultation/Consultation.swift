import DialogEngine
import Foundation
import TranscriptStore

/// One patient's conversation as every front end drives it: the engine's session plus its transcript.
/// Each patient line is recorded before the reply to it, and every reply as it is shown, so the
/// transcript holds exactly what the patient saw.
public final class Consultation {
  public let engine: Engine
  public private(set) var session: Session
  /// The transcript file, or nil when it could not be created.
  public let transcriptPath: String?
  /// What the engine said before the patient's first line.
  public let opening: [Event]
  /// The first transcript failure, if any. The conversation goes on regardless: a patient must still
  /// get the safety advice when a disk is full. Front ends report it, without patient text.
  public private(set) var transcriptError: TranscriptError?
  /// Nil when the transcript could not be created.
  private let writer: TranscriptWriter?
  private let clock: @Sendable () -> Date
  /// Told of the first transcript failure as it happens, so a front end can say at once that the
  /// conversation is no longer being saved.
  private let onTranscriptFailure: (_ failure: TranscriptError, _ session: String) -> Void
  private var closed = false

  /// Starts a session and its transcript; `opening` holds the engine's first words. A transcript that
  /// cannot be created (a full disk, a folder that cannot be written) does not stop the conversation: it
  /// is reported through `onTranscriptFailure` and `transcriptError`, and the patient still gets advice.
  public init(
    engine: Engine, transcripts store: TranscriptStore, channel: String, kiosk: String? = nil,
    language: String? = nil, clock: @escaping @Sendable () -> Date = Date.init, timeZone: TimeZone = .current,
    onTranscriptFailure: @escaping (_ failure: TranscriptError, _ session: String) -> Void = { _, _ in }
  ) {
    self.engine = engine
    self.clock = clock
    self.onTranscriptFailure = onTranscriptFailure
    let now = clock()
    let id = Self.makeID(at: now)
    var creationError: TranscriptError?
    do {
      writer = try store.create(session: id, startedAt: now)
    } catch {
      writer = nil
      creationError = error
    }
    transcriptPath = writer?.path
    let step = engine.start(id: id, at: now, timeZone: timeZone, language: language)
    session = step.session
    opening = step.events
    if let creationError { fail(creationError) }
    var header = TranscriptRecord(seq: 0, at: now, type: .session)
    header.format = TranscriptRecord.formatVersion
    header.session = id
    header.channel = channel
    header.kiosk = kiosk
    header.dialog = TranscriptRecord.DialogInfo(engine.dialog)
    header.language = session.language
    record(header)
    recordBot(opening)
  }

  public var isActive: Bool { session.isActive && !closed }

  /// The dialog in the conversation's language, which the patient's first line may have changed.
  public var dialog: Dialog { engine.speaking(session.language).dialog }

  /// Takes one patient line and returns what to show.
  public func reply(_ line: String) -> [Event] {
    var patient = TranscriptRecord(seq: 0, at: clock(), type: .patient)
    patient.text = line
    let step = engine.respond(to: line, in: session)
    patient.reading = step.reading
    // The language the conversation goes on in, when this line changed it.
    if step.session.language != session.language { patient.language = step.session.language }
    record(patient)
    session = step.session
    recordBot(step.events)
    if !session.isActive { close() }
    return step.events
  }

  /// The question the patient is answering now, if any.
  public private(set) var question: Question?

  /// Writes the end record. A session still active is recorded as abandoned, or as `unfinished` says.
  public func close(unfinished: TranscriptRecord.Ending = .abandoned) {
    guard !closed else { return }
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
    attempt { writer throws(TranscriptError) in try writer.finish(with: end) }
  }

  private func recordBot(_ events: [Event]) {
    for event in events {
      if case .ask(let asked) = event { question = asked }
      var bot = TranscriptRecord(seq: 0, at: clock(), type: .bot)
      bot.event = event
      record(bot)
    }
  }

  private func record(_ record: TranscriptRecord) {
    attempt { writer throws(TranscriptError) in try writer.append(record) }
  }

  /// Writes to the transcript unless it already failed: after a failure nothing more is written, so the
  /// file holds an unbroken beginning of the conversation.
  private func attempt(_ work: (TranscriptWriter) throws(TranscriptError) -> Void) {
    guard transcriptError == nil, let writer else { return }
    do {
      try work(writer)
    } catch {
      fail(error)
    }
  }

  private func fail(_ error: TranscriptError) {
    transcriptError = error
    onTranscriptFailure(error, session.id)
  }

  /// Sortable by time, unique by chance (64 random bits): `20261125T120102Z-3f9a1c2b5d7e9f01`.
  static func makeID(at date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    let stamp = String(
      format: "%04d%02d%02dT%02d%02d%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0,
      c.second ?? 0)
    return "\(stamp)-\(String(UInt64.random(in: .min ... .max), radix: 16).leftPadded(to: 16))"
  }
}

extension String {
  fileprivate func leftPadded(to length: Int) -> String {
    String(repeating: "0", count: max(0, length - count)) + self
  }
}
