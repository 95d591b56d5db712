import DialogEngine
import Foundation
import Review
import TranscriptStore

/// One conversation as the desk lists it: the review entry, and when and by whom it was signed off.
public struct QueueEntry: Sendable {
  public var entry: ReviewDesk.Entry
  public var signOffs: [[String: String]]

  public var session: String { entry.session }
  public var started: Date? { entry.started }
  public var ended: Date? { entry.transcript.end?.at }
  public var kiosk: String { entry.channel }
  public var outcome: Outcome? { entry.transcript.outcome }
  public var isSigned: Bool { !signOffs.isEmpty }
  public var firstSignOff: Date? {
    signOffs.compactMap { $0["at"].flatMap { try? Date($0, strategy: .iso8601) } }.min()
  }
  /// An emergency or urgent result (the dialog's high-risk dispositions): raised as an alert until opened.
  public var isAlerting: Bool { outcome?.risk == "high" }
}
