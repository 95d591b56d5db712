import Consultation
import DialogEngine
import Foundation
import Logging
import NIOCore
import TranscriptStore

/// One client connection: the hello, the choice of mode and kiosk identity, then conversations driven
/// through `Consultation`, exactly as at the terminal. It carries text and enforces the protocol; every
/// medical decision is the engine's. Patient text is never logged.
///
/// A class, though nothing in it changes: every async function of a connection keeps `self` in its frame
/// for as long as the conversation waits, and as a struct (the engine and configuration inline) that was
/// kilobytes per waiting patient.
final class Connection: Sendable {
  let engine: Engine
  let configuration: ServerConfiguration
  let sink: any TranscriptSink
  let expiry: ResumeExpiry
  let logger: Logger
  /// The client's own address, recorded in each transcript.
  let address: String?
  let isShuttingDown: @Sendable () -> Bool

  init(
    engine: Engine, configuration: ServerConfiguration, sink: any TranscriptSink,
    expiry: ResumeExpiry, logger: Logger, address: String?, isShuttingDown: @escaping @Sendable () -> Bool
  ) {
    self.engine = engine
    self.configuration = configuration
    self.sink = sink
    self.expiry = expiry
    self.logger = logger
    self.address = address
    self.isShuttingDown = isShuttingDown
  }

  private var dialog: Dialog { engine.dialog }

  /// The first line a client sees; docs/PROTOCOL.md.
  var helloLine: String {
    let auth = configuration.kioskTokens == nil ? "none" : "token"
    return
      "CRSCHECK/1 dialog=\(dialog.id) version=\(dialog.version) auth=\(auth) -- crscheck symptom checker. "
      + (configuration.kioskTokens == nil ? "Press Enter to begin." : "Identify this kiosk to begin.")
  }

  func run(_ channel: NIOAsyncChannel<ClientInput, ByteBuffer>) async throws {
    try await channel.executeThenClose { inbound, outbound in
      var session = Exchange(
        inbound: inbound.makeAsyncIterator(), outbound: outbound, channel: channel.channel,
        limit: configuration.maxLineLength, maxOversized: configuration.maxOversizedLines)
      try await session.send([helloLine])
      guard var opening = try await self.opening(&session) else { return }
      // A resumption refused is said, and the client's next line is read as a first line again: a hello
      // to begin anew, or another try (a server that was killed is let go of by the database a moment
      // later). No conversation is begun that the client did not ask for.
      var resumed: Consultation?
      for attempt in 1...Self.resumeAttempts {
        guard let request = opening.resume else { break }
        switch await resumption(request) {
        case .success(let consultation):
          resumed = consultation
        case .failure(let error):
          try await session.send(refusal(error, in: nil, opening.wire))
          guard attempt < Self.resumeAttempts, let next = try await self.opening(&session) else { return }
          opening = next
          continue
        }
        break
      }
      try await converse(&session, opening: opening, resumed: resumed)
    }
  }

  private struct Opening {
    var wire: any Wire
    var kiosk: String?
    /// The language the client asked for (`"language":"es"` in a JSON hello), if it is one the dialog has.
    var language: String? = nil
    var firstWords: String?
    /// A problem with the first line, told before the conversation starts.
    var error: WireError?
    /// The conversation a reconnecting client asked to take up again.
    var resume: ResumeRequest? = nil
  }

  /// `{"type":"hello","resume":SESSION,"token":TOKEN}`, or `RESUME SESSION TOKEN` in text mode. The token
  /// is the kiosk's proof: it was given only to the connection that began the conversation.
  private struct ResumeRequest {
    var session: String
    var token: String
  }

  /// Reads the first line: JSON or text, and the kiosk's identity when tokens are required. A first line
  /// that is the patient's own words is kept as their first answer: it may be the emergency.
  private func opening(_ session: inout Exchange) async throws -> Opening? {
    switch try await session.nextLine(refusing: { self.refusal($0, in: nil, TextWire()) }) {
    case .closed:
      return nil
    case .ended(let reason):
      try await session.send(farewell(reason, in: nil, TextWire()))
      return nil
    case .line(let line):
      switch judge(firstLine: line) {
      case .opening(let opening):
        return opening
      case .refused(let reply):
        try await session.send(reply)
        logger.notice("kiosk refused")  // never the kiosk id the client sent: it is the client's text
        return nil
      }
    }
  }

  private enum FirstLine {
    case opening(Opening)
    /// A kiosk that did not identify itself, and what it is told.
    case refused([String])
  }

  /// What a first line opens. Synchronous, and never inlined into the waiting conversation: everything an
  /// async function holds, its temporaries too, stays allocated in the connection's task for as long as
  /// the patient is connected.
  @inline(never)
  private func judge(firstLine line: String) -> FirstLine {
    if line.hasPrefix("{") {
      let wire = JSONWire()
      let message = JSONWire.decode(line)
      if let message, message.type == "hello", let session = message.resume {
        return .opening(
          Opening(
            wire: wire, kiosk: nil, firstWords: nil, error: nil,
            resume: ResumeRequest(session: session, token: message.token ?? "")))
      }
      if configuration.kioskTokens != nil {
        guard let message, message.type == "hello", authorised(kiosk: message.kiosk, token: message.token)
        else {
          return .refused(
            wire.error(.unauthorized, question: nil, dialog: dialog) + wire.bye(.unauthorized, dialog: dialog)
          )
        }
        return .opening(
          Opening(
            wire: wire, kiosk: message.kiosk, language: language(message.language), firstWords: nil,
            error: nil))
      }
      guard let message, message.type == "hello" else {
        // Not a hello: JSON mode all the same, with the problem said and any answer kept.
        let words =
          message?.type == "answer" ? message?.text.flatMap { PatientText.isClean($0) ? $0 : nil } : nil
        return .opening(
          Opening(
            wire: wire, kiosk: nil, firstWords: words,
            error: words == nil ? .badMessage("the first message should be a hello") : nil))
      }
      return .opening(
        Opening(wire: wire, kiosk: nil, language: language(message.language), firstWords: nil, error: nil))
    }
    let words = line.split(separator: " ").map(String.init)
    if words.count == 3, words[0].uppercased() == "RESUME", SessionID(words[1]) != nil {
      return .opening(
        Opening(
          wire: TextWire(), kiosk: nil, firstWords: nil, error: nil,
          resume: ResumeRequest(session: words[1], token: words[2])))
    }
    if configuration.kioskTokens != nil {
      guard words.count == 3, words[0] == "AUTH", authorised(kiosk: words[1], token: words[2]) else {
        return .refused(
          TextWire().error(.unauthorized, question: nil, dialog: dialog).dropLast()
            + TextWire().bye(.unauthorized, dialog: dialog))
      }
      return .opening(Opening(wire: TextWire(), kiosk: words[1], firstWords: nil, error: nil))
    }
    let typed = line.trimmingCharacters(in: .whitespaces)
    return .opening(
      Opening(wire: TextWire(), kiosk: nil, firstWords: typed.isEmpty ? nil : typed, error: nil))
  }

  /// A language the client named, if the dialog speaks it; any other is ignored, not an error, so a kiosk
  /// set up for a language a dialog lacks still serves its patients.
  private func language(_ code: String?) -> String? {
    guard let code, engine.languageCodes.contains(code) else { return nil }
    return code
  }

  private func authorised(kiosk: String?, token: String?) -> Bool {
    guard let tokens = configuration.kioskTokens else { return true }
    guard let kiosk, let token, PatientText.isClean(kiosk) else { return false }
    return tokens.accepts(kiosk: kiosk, token: token)
  }

  /// How many refused resumptions one connection may try.
  static let resumeAttempts = 5

  /// Conversations, one after another in kiosk mode, until the connection ends: the one resumed, if any,
  /// then new ones.
  private func converse(_ session: inout Exchange, opening: Opening, resumed: Consultation?) async throws {
    let wire = opening.wire
    var firstWords = opening.firstWords
    var pendingError = opening.error
    var resumed = resumed
    let kiosk = resumed?.kiosk ?? opening.kiosk
    while true {
      let consultation: Consultation
      if let taken = resumed.take() {
        consultation = taken
      } else {
        consultation = await begin(kiosk: kiosk, language: opening.language)
      }
      let ending: Ending
      do {
        try await session.send(greeting(consultation, wire: wire, error: pendingError))
        pendingError = nil
        if let words = firstWords {
          firstWords = nil
          let events = await consultation.reply(to: .text(words))
          try await session.send(said(events, by: consultation, wire))
        }
        ending = try await talk(&session, wire: wire, consultation)
      } catch {
        await leave(consultation)
        throw error
      }
      guard case .ended(let reason) = ending else {
        await leave(consultation)
        return
      }
      // With a shared store, a server that stops leaves its conversations for the kiosks to resume on
      // another: an upgrade, one server at a time, ends none of them.
      if reason == .shutdown, sink.isShared, consultation.isActive, consultation.resumeToken != nil {
        await leave(consultation)
        try await session.send(farewell(.restart, in: consultation, wire))
        return
      }
      await close(consultation, shutdown: reason == .shutdown)
      try await session.send(farewell(reason, in: consultation, wire))
      log("conversation ended", consultation, reason: reason)
      guard configuration.kiosk, [.completed, .quit, .idle].contains(reason) else { return }
      try await session.send(wire.reset())
      // Nothing the last patient sent, typed or queued, may reach the next one.
      guard try await session.discardUntilReset() else {
        try await session.send(farewell(.shutdown, in: nil, wire))
        return
      }
    }
  }

  /// A new conversation, held by this connection.
  private func begin(kiosk: String?, language: String?) async -> Consultation {
    let consultation = await Consultation.start(
      engine: engine, transcripts: sink,
      Consultation.Opening(
        channel: "tcp", kiosk: kiosk, language: language, address: address, resumable: true),
      onTranscriptFailure: report)
    _ = await sink.hold(consultation.identity)
    log("conversation started", consultation)
    return consultation
  }

  /// The conversation a reconnecting client asked for, rebuilt from its transcript and held by this
  /// connection; or why not, as the client is told it.
  private func resumption(_ request: ResumeRequest) async -> Result<Consultation, WireError> {
    guard let id = SessionID(request.session) else {
      logger.notice("resume refused", metadata: ["reason": "\(ResumeRefusal.unknownSession)"])
      return .failure(.resumeRefused)
    }
    guard await Consultation.tokenMatches(id, token: request.token, transcripts: sink) else {
      logger.notice(
        "resume refused", metadata: ["session": "\(id)", "reason": "\(ResumeRefusal.wrongToken)"])
      return .failure(.resumeRefused)
    }
    guard await sink.hold(id) else {
      logger.notice(
        "resume refused", metadata: ["session": "\(id)", "reason": "\(ResumeRefusal.inUse)"])
      return .failure(.sessionInUse)
    }
    do {
      let consultation = try await Consultation.resume(
        id, token: request.token, engine: engine, transcripts: sink, window: configuration.resumeWindow,
        channel: "tcp", address: address, onTranscriptFailure: report)
      log("conversation resumed", consultation)
      return .success(consultation)
    } catch {
      await sink.letGo(id)
      logger.notice("resume refused", metadata: ["session": "\(id)", "reason": "\(error)"])
      return .failure(.resumeRefused)
    }
  }

  /// What a conversation opens with: a problem with the first line, if there was one, the hello and the
  /// engine's first words. This and `log` are synchronous and never inlined, so that their temporaries are
  /// not kept in the conversation's async frame for as long as the patient is connected (see `judge`).
  @inline(never)
  private func greeting(_ consultation: Consultation, wire: any Wire, error: WireError?) -> [String] {
    (error.map { wire.error($0, question: nil, dialog: consultation.dialog) } ?? [])
      + untold(consultation, wire)
      + wire.hello(session: consultation.session.id, resumeToken: consultation.resumeToken, dialog: dialog)
      + wire.events(consultation.takeOpening(), in: consultation.dialog)
  }

  /// What the engine said, in the conversation's words.
  @inline(never)
  private func said(_ events: [Event], by consultation: Consultation, _ wire: any Wire) -> [String] {
    untold(consultation, wire) + wire.events(events, in: consultation.dialog)
  }

  /// That the conversation is not being saved, once, before the reply it happened in: the patient (or the
  /// staff beside a kiosk) should know that the care team will not see it.
  private func untold(_ consultation: Consultation, _ wire: any Wire) -> [String] {
    consultation.takeUntoldFailure() == nil ? [] : wire.warning(.notSaved, dialog: consultation.dialog)
  }

  /// A problem with a line, then the question that stands; before a conversation, in the dialog's own words.
  @inline(never)
  private func refusal(_ error: WireError, in consultation: Consultation?, _ wire: any Wire) -> [String] {
    wire.error(error, question: consultation?.question, dialog: consultation?.dialog ?? dialog)
  }

  @inline(never)
  private func farewell(_ reason: ByeReason, in consultation: Consultation?, _ wire: any Wire) -> [String] {
    wire.bye(reason, dialog: consultation?.dialog ?? dialog)
  }

  /// The answer a line carries, read against the question it answers; the conversation's own dialog, so a
  /// kiosk's "back" is said in the patient's language.
  @inline(never)
  private func answer(_ line: String, for consultation: Consultation, _ wire: any Wire) -> Result<
    Answer, WireError
  > {
    wire.answer(from: line, question: consultation.question, dialog: consultation.dialog)
  }

  @inline(never)
  private func log(_ message: Logger.Message, _ consultation: Consultation, reason: ByeReason? = nil) {
    var metadata: Logger.Metadata = ["session": "\(consultation.session.id)"]
    if let reason { metadata["reason"] = "\(reason.rawValue)" }
    logger.info(message, metadata: metadata)
  }

  /// Closes a conversation's transcript. One cut off while the server stops was ended by the shutdown,
  /// even if the client could no longer be told; any other was abandoned.
  @inline(never)
  private func close(_ consultation: Consultation, shutdown: Bool = false) async {
    await consultation.close(unfinished: shutdown || isShuttingDown() ? .shutdown : .abandoned)
    await sink.letGo(consultation.identity)
  }

  /// A conversation whose connection dropped is left open for its resume window (a kiosk reconnects and
  /// goes on), unless the server is stopping.
  private func leave(_ consultation: Consultation) async {
    let stopping = isShuttingDown()
    guard !stopping || sink.isShared, let detached = await consultation.detach() else {
      return await close(consultation)
    }
    // A server that is stopping leaves it to be resumed on another (and, until a server sweeps expired
    // conversations, to read as unfinished if no kiosk comes back).
    if !stopping { expiry.wait(for: detached) }
    await sink.letGo(consultation.identity)
    log("conversation detached", consultation)
  }

  /// Says loudly that a conversation is not being saved, while it goes on to its advice: refusing it
  /// would leave a patient in an emergency without the advice. The error holds a path and the system's
  /// reason, never patient text.
  private func report(_ failure: TranscriptError, session: String) {
    let metadata: Logger.Metadata = ["session": "\(session)", "error": "\(failure)"]
    if sink.failure != nil {
      logger.critical(
        "transcript store failed: no conversation is saved until crscheck is restarted; conversations go on",
        metadata: metadata)
    } else {
      logger.error("transcript not saved; the conversation goes on", metadata: metadata)
    }
  }

  private enum Ending {
    case closed
    case ended(ByeReason)
  }

  /// One conversation's turns, until it ends or the connection does.
  @inline(never)
  private func talk(_ session: inout Exchange, wire: any Wire, _ consultation: Consultation) async throws
    -> Ending
  {
    var turns = 0
    while consultation.isActive {
      switch try await session.nextLine(refusing: { self.refusal($0, in: consultation, wire) }) {
      case .closed:
        return .closed
      case .ended(.idle) where configuration.kiosk && consultation.session.turns == 0:
        continue  // an untouched kiosk has nothing to clear; no empty transcript per idle spell
      case .ended(let reason):
        return .ended(reason)
      case .line(let line):
        turns += 1
        if turns > configuration.maxTurns { return .ended(.turnLimit) }
        switch answer(line, for: consultation, wire) {
        case .success(let answer):
          let events = await consultation.reply(to: answer)
          try await session.send(said(events, by: consultation, wire))
        case .failure(let error):
          try await session.send(refusal(error, in: consultation, wire))
        }
      }
    }
    if case .quit = consultation.session.status { return .ended(.quit) }
    return .ended(.completed)
  }
}
