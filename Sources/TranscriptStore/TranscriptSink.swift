import Foundation

/// Where conversations hand their records, whichever store keeps them: files on this machine
/// (`FileTranscriptSink`) or a database that several servers share. A write is answered once its records
/// are kept as the store promises (in the file, or committed), so a reply never goes out before the line it
/// answers is saved; a failure is the answer, and the conversation goes on.
public protocol TranscriptSink: Sendable {
  typealias Done = @Sendable (TranscriptError?) -> Void

  /// Opens a new session's transcript. Nothing waits for it: a failure is the answer to its first write.
  func open(session: String, startedAt: Date) -> TranscriptTicket
  /// Takes up the transcript of a conversation being resumed, after its `records` records.
  func reopen(session: SessionID, records: Int, lastHash: String) -> TranscriptTicket
  /// Appends records, numbered and chained, all or none; `done` is told once they are kept, or why not.
  func write(_ records: [TranscriptRecord], to ticket: TranscriptTicket, done: @escaping Done)
  /// Ends the session with its end record; `done` is told once the end is kept.
  func finish(_ ticket: TranscriptTicket, with end: TranscriptRecord, done: @escaping Done)
  /// Lets a transcript go without ending it, for a conversation that may be resumed.
  func release(_ ticket: TranscriptTicket, done: @escaping Done)

  /// A conversation's transcript as it stands.
  func transcript(of session: SessionID) async throws(TranscriptError) -> Transcript
  /// What is wrong with a transcript read from this store: edits, gaps, truncation against its end entry.
  func verify(_ transcript: Transcript) async -> [TranscriptProblem]
  /// Where a session's transcript is kept, for a person to find it; nil when nothing was saved.
  func location(of session: SessionID) -> String?
  /// A failure of the whole store, after which nothing more is saved until it is restarted.
  var failure: TranscriptError? { get }
  /// Whether other servers read and write the same store, so that a conversation left open here can be
  /// resumed on one of them.
  var isShared: Bool { get }

  /// Sessions with no end whose last record is older than `window`: conversations a server left open when
  /// it stopped or died, whose kiosk did not come back. Only a shared store is swept for them; the file
  /// store's own server ends what dropped from it.
  func unfinished(quietFor window: Duration) async -> [SessionID]

  /// Takes a session for one connection: false while another holds it, in this process or, with a shared
  /// store, on any server.
  func hold(_ session: SessionID) async -> Bool
  func letGo(_ session: SessionID) async

  /// Stores a transcript copied from another store, line for line, as it was chained there, with the end
  /// entry of a finished one (`crscheck store copy`). Fails if the session is here already.
  func place(_ transcript: Transcript) async throws(TranscriptError)

  /// Keeps everything handed over, then stops.
  func shutDown() async
  /// The same, blocking the calling thread: for front ends that are not async (the terminal's chat).
  func shutDown()
}

/// A conversation's place in a sink, given when its transcript is opened.
public struct TranscriptTicket: Sendable, Hashable {
  package let number: Int

  package init(number: Int) {
    self.number = number
  }
}

extension TranscriptSink {
  public func write(_ records: [TranscriptRecord], to ticket: TranscriptTicket) async -> TranscriptError? {
    await withCheckedContinuation { continuation in
      write(records, to: ticket) { continuation.resume(returning: $0) }
    }
  }

  public func finish(_ ticket: TranscriptTicket, with end: TranscriptRecord) async -> TranscriptError? {
    await withCheckedContinuation { continuation in
      finish(ticket, with: end) { continuation.resume(returning: $0) }
    }
  }

  public func release(_ ticket: TranscriptTicket) async -> TranscriptError? {
    await withCheckedContinuation { continuation in
      release(ticket) { continuation.resume(returning: $0) }
    }
  }
}
