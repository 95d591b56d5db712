/// Something a patient may ask about at any point ("what is CRS?", "how is it treated?"). The answer is
/// given, and the conversation returns to the question the patient was on.
public struct Topic: Sendable, Hashable {
  public var id: String
  public var phrases: [String]
  public var answer: String
  public var location: SourceLocation

  public init(id: String, phrases: [String], answer: String, location: SourceLocation) {
    self.id = id
    self.phrases = phrases
    self.answer = answer
    self.location = location
  }
}
