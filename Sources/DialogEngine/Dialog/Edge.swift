/// A way from one node to another, taken when its condition holds (or always, without one).
public struct Edge: Sendable, Hashable {
  public var condition: Condition?
  public var target: String
  public var location: SourceLocation

  public init(when condition: Condition? = nil, to target: String, location: SourceLocation) {
    self.condition = condition
    self.target = target
    self.location = location
  }
}
