/// One declared answer to a choice question, with the words patients use for it.
public struct Choice: Sendable, Hashable {
  public var id: String
  public var label: String
  public var phrases: [String]
  /// Lets one value of an overheard slot be recognised only when its question is asked: "none" said
  /// about symptoms must not answer the question about therapy.
  public var overhear: Bool
  /// Words that change once this choice is made, such as `you: your son` when a parent speaks for a
  /// child; the keys are those of the dialog's `wording`.
  public var wording: [String: String]
  public var location: SourceLocation

  public init(
    id: String, label: String, phrases: [String], overhear: Bool = true, wording: [String: String] = [:],
    location: SourceLocation
  ) {
    self.id = id
    self.label = label
    self.phrases = phrases
    self.overhear = overhear
    self.wording = wording
    self.location = location
  }
}
