/// Something a patient may report, such as a symptom, with the lay words people use for it.
public struct Finding: Sendable, Hashable {
  public var id: String
  public var label: String
  public var phrases: [String]
  /// Ways of describing the finding by its parts, each a list of word groups of the language (`skin_parts`,
  /// `dusky_colours`) that must all be named close together in one clause.
  public var parts: [[String]]
  /// The finding's phrases in the dialog's other languages, written out: an emergency said in another
  /// language than the conversation's ("I can't breathe" in a Spanish one) is still an emergency.
  public var borrowed: [String] = []
  /// This finding holds what the patient said that sounded like a symptom but was not understood, so
  /// that the dialog's rules can weigh it and a clinician sees the words.
  public var holdsNotUnderstood: Bool
  public var location: SourceLocation

  public init(
    id: String, label: String, phrases: [String], parts: [[String]] = [], holdsNotUnderstood: Bool = false,
    location: SourceLocation
  ) {
    self.id = id
    self.label = label
    self.phrases = phrases
    self.parts = parts
    self.holdsNotUnderstood = holdsNotUnderstood
    self.location = location
  }
}
