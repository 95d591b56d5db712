/// Something `crscheck review verify` found wrong with a transcript.
public struct TranscriptProblem: Sendable, Hashable, CustomStringConvertible {
  public enum Kind: String, Sendable, Hashable {
    /// A record's content no longer matches the hash the next record carries.
    case edited
    /// Records are missing from the middle.
    case deleted
    /// Records are out of order, or repeated.
    case reordered
    /// Records are missing from the end, against the day index.
    case truncated
    /// A crash left a partial last line (dropped on reading).
    case tornLine = "torn line"
    /// The session never reached its end: a crash or a kill.
    case incomplete
    /// A finished session has no entry in the day index.
    case unindexed
    /// A session the day index lists has no transcript file.
    case missing
    /// An anchor taken earlier is no longer in the chain of day indexes.
    case anchor = "anchor not found"
    /// The disk was full: the session's first record could not be written.
    case diskFull = "disk full"
  }

  public var kind: Kind
  public var detail: String

  public init(_ kind: Kind, _ detail: String) {
    self.kind = kind
    self.detail = detail
  }

  /// Whether this is evidence of tampering, not just of a crash.
  public var isTampering: Bool { ![.tornLine, .incomplete, .diskFull].contains(kind) }

  public var description: String { "\(kind.rawValue): \(detail)" }
}
