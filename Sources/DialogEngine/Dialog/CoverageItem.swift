/// One concept of the medical source and where the dialog covers it, so that a reviewer can check that
/// nothing of the source was left out.
public struct CoverageItem: Sendable, Hashable {
  public enum Target: Sendable, Hashable, CustomStringConvertible {
    case finding(String)
    case choice(slot: String, choice: String)
    case topic(String)
    case slot(String)
    case node(String)
    case disposition(String)

    public var description: String {
      switch self {
      case .finding(let id): "finding `\(id)`"
      case .choice(let slot, let choice): "choice `\(choice)` of slot `\(slot)`"
      case .topic(let id): "topic `\(id)`"
      case .slot(let id): "slot `\(id)`"
      case .node(let id): "node `\(id)`"
      case .disposition(let id): "disposition `\(id)`"
      }
    }
  }

  public var section: String
  public var concept: String
  /// Nil when the dialog does not cover the concept yet; `validate --exhaustive` reports it.
  public var target: Target?
  public var location: SourceLocation

  public init(section: String, concept: String, target: Target?, location: SourceLocation) {
    self.section = section
    self.concept = concept
    self.target = target
    self.location = location
  }
}
