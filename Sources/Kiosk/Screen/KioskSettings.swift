import Foundation

/// How a kiosk shows its screens, as its staff set it up.
public struct KioskSettings: Sendable {
  /// The clinic's own line under the advice (`--help-line`).
  public var helpLine: String?
  /// Named in the staff message when the server refuses this kiosk.
  public var kioskID: String?
  /// `--plain`: one message per line, no screen clearing or cursor movement.
  public var plain = false

  public init(helpLine: String? = nil, kioskID: String? = nil, plain: Bool = false) {
    self.helpLine = helpLine
    self.kioskID = kioskID
    self.plain = plain
  }

  /// What staff are told when the server refuses this kiosk, naming it.
  func staffMessage(_ words: KioskWords) -> String {
    words.refused.replacingOccurrences(of: "{kiosk}", with: kioskID ?? "-")
  }
}
