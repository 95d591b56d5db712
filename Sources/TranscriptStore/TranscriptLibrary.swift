/// What clinicians read, whichever store keeps it: every transcript, and the sign-offs and audit log kept
/// beside them. Synchronous, for the review commands; a database's library waits for its answers.
public protocol TranscriptLibrary: Sendable {
  /// Every session's id, oldest first.
  func sessions() throws(TranscriptError) -> [String]
  /// One session's transcript; `TranscriptError.noSession` when there is none.
  func transcript(of session: String) throws(TranscriptError) -> Transcript
  /// Every transcript, oldest first: a database reads them at once.
  func transcripts() throws(TranscriptError) -> [Transcript]
  /// What is wrong with a transcript: edits, gaps, truncation against its end entry.
  func verify(_ transcript: Transcript) -> [TranscriptProblem]
  /// Clinicians' sign-offs.
  var signOffs: any ReviewLog { get }
  /// Who read, exported or signed what, and when.
  var audit: any ReviewLog { get }
  /// The review desk's staff accounts, as the events that made them (created, disabled, logins, failures):
  /// appended like everything else, so an account's history is its record.
  var accounts: any ReviewLog { get }
}

extension TranscriptLibrary {
  public func transcripts() throws(TranscriptError) -> [Transcript] {
    var all: [Transcript] = []
    for session in try sessions() { all.append(try transcript(of: session)) }
    return all
  }
}

/// An append-only log of entries (field to text): lines are only ever added.
public protocol ReviewLog: Sendable {
  func append(_ entry: [String: String]) throws(TranscriptError)
  func entries() -> [[String: String]]
}
