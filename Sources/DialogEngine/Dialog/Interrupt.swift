/// A rule checked after every patient line, whatever node the conversation is on: the way an emergency
/// sign reaches the emergency advice from any question.
public struct Interrupt: Sendable, Hashable {
  public var id: String
  public var condition: Condition
  public var target: String
  public var location: SourceLocation

  public init(id: String, when condition: Condition, to target: String, location: SourceLocation) {
    self.id = id
    self.condition = condition
    self.target = target
    self.location = location
  }
}
