/// Something a patient may report, such as a symptom, with the lay words people use for it.
public struct Finding: Sendable, Hashable {
  public var id: String
  public var label: String
  public var phrases: [String]
  public var location: SourceLocation

  public init(id: String, label: String, phrases: [String], location: SourceLocation) {
    self.id = id
    self.label = label
    self.phrases = phrases
    self.location = location
  }
}
