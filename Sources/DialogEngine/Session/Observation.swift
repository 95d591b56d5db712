/// What the patient said about one finding: that they have it or not, how sure they were, and in
/// which words, so a clinician can see what the advice rested on.
public struct Observation: Sendable, Hashable, Codable {
  public var finding: String
  public var present: Bool
  /// Said with "maybe" or "I think": still counted as present, because doubt must not lower urgency.
  public var uncertain: Bool
  public var words: String

  public init(finding: String, present: Bool, uncertain: Bool = false, words: String) {
    self.finding = finding
    self.present = present
    self.uncertain = uncertain
    self.words = words
  }
}
