import DialogEngine
import Foundation
import TranscriptStore

/// What a clinician does with transcripts: the queue, reading one, signing it off, exporting it, counting.
/// Every read, export and sign-off is written to the audit log.
public struct ReviewDesk: Sendable {
  public let library: any TranscriptLibrary
  public var signOffs: any ReviewLog { library.signOffs }
  public var audit: any ReviewLog { library.audit }

  public init(library: any TranscriptLibrary) {
    self.library = library
  }

  /// The desk over a transcripts folder.
  public init(root: String) {
    self.init(library: TranscriptArchive(root: root))
  }

  /// One line of the queue.
  public struct Entry: Sendable {
    public var transcript: Transcript
    public var disposition: String?
    /// The disposition's level in the dialog the session ran: higher is more urgent.
    public var level: Int?
    public var severity: SuspectedSeverity?
    public var redFlags: [String]

    public var session: String { transcript.session }
    public var started: Date? { transcript.header?.at }
    public var channel: String { transcript.header?.kiosk ?? transcript.header?.channel ?? "?" }
    public var therapy: String? { Self.name(transcript.end?.values?["therapy"]) }
    public var daysSinceTherapy: Double? { transcript.end?.values?["onset"]?.magnitude }
    /// The advice given, or why there is none: a full disk is told apart from a crash.
    public var outcomeShown: String {
      disposition ?? (transcript.end?.ending == .diskFull ? "disk full" : "incomplete")
    }

    static func name(_ value: SlotValue?) -> String? {
      switch value {
      case .choice(let id)?: id
      case .text(let text)?: text
      case .unknown?: "unknown"
      default: nil
      }
    }
  }

  /// Sessions not yet signed off: most urgent first, then oldest first. Unfinished sessions come after
  /// those with advice, as they need a look but gave none.
  public func queue() throws(TranscriptError) -> [Entry] {
    let signed = Set(signOffs.entries().compactMap { $0["session"] })
    var entries: [Entry] = []
    for transcript in try library.transcripts() {
      guard !signed.contains(transcript.session) else { continue }
      entries.append(entry(transcript))
    }
    return entries.sorted { lhs, rhs in
      let (l, r) = (lhs.level ?? Int.min, rhs.level ?? Int.min)
      return l != r ? l > r : lhs.session < rhs.session
    }
  }

  public func entry(_ transcript: Transcript) -> Entry {
    let outcome = transcript.outcome
    return Entry(
      transcript: transcript, disposition: outcome?.disposition ?? transcript.end?.disposition,
      level: outcome?.level, severity: outcome?.severity,
      redFlags: outcome?.findings.filter(\.present).map(\.finding) ?? [])
  }

  /// A session's transcript, read for a clinician (and audited).
  public func open(_ session: String, by reviewer: String, action: String) throws(TranscriptError)
    -> Transcript
  {
    let transcript = try library.transcript(of: session)
    try audit.append(["at": Self.now(), "by": reviewer, "action": action, "session": session])
    return transcript
  }

  /// Appends a sign-off; the transcript itself is never touched.
  public func sign(_ session: String, by reviewer: String, note: String?) throws(TranscriptError) {
    _ = try library.transcript(of: session)
    var entry = ["at": Self.now(), "by": reviewer, "session": session]
    if let note { entry["note"] = note }
    try signOffs.append(entry)
    try audit.append(["at": Self.now(), "by": reviewer, "action": "sign", "session": session])
  }

  /// A session's transcript as text for a reader, with its sign-offs and integrity check.
  public func text(of transcript: Transcript) -> TranscriptText {
    TranscriptText(
      transcript: transcript, signOffs: signOffs(of: transcript.session), problems: library.verify(transcript)
    )
  }

  public func signOffs(of session: String) -> [[String: String]] {
    signOffs.entries().filter { $0["session"] == session }
  }

  static func now() -> String {
    Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
  }
}
