import DialogEngine
import Foundation
import Review
import TranscriptStore

/// One conversation as the desk lists and counts it: what the queue and the statistics need, kept small,
/// since the live feed holds one for every conversation in the store; and its sign-offs, read afresh.
public struct QueueEntry: Sendable {
  public var session: String
  public var started: Date?
  public var ended: Date?
  /// The kiosk, or the channel when no kiosk identified itself.
  public var kiosk: String
  /// The advice given: the disposition's id, label, level (higher is more urgent) and risk code.
  public var disposition: String?
  public var label: String?
  public var level: Int?
  public var risk: String?
  public var redFlags: [String]
  /// The advice given, or why there is none.
  public var outcomeShown: String
  public var signOffs: [[String: String]] = []

  public init(_ entry: ReviewDesk.Entry) {
    let outcome = entry.transcript.outcome
    session = entry.session
    started = entry.started
    ended = entry.transcript.end?.at
    kiosk = entry.channel
    disposition = outcome?.disposition
    label = outcome?.label
    level = outcome?.level
    risk = outcome?.risk
    redFlags = entry.redFlags
    outcomeShown = outcome?.label ?? entry.outcomeShown
  }

  /// The disposition, or `none` for a conversation that ended without advice.
  public var kind: String { disposition ?? "none" }
  public var isSigned: Bool { !signOffs.isEmpty }
  public var firstSignOff: Date? {
    signOffs.compactMap { $0["at"].flatMap { try? Date($0, strategy: .iso8601) } }.min()
  }
  /// An emergency or urgent result (the dialog's high-risk dispositions): raised as an alert until opened.
  public var isAlerting: Bool { risk == "high" }
}
