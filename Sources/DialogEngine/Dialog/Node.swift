/// A step of the conversation: something said, a question asked, a decision, or an end carrying a
/// disposition.
public struct Node: Sendable, Hashable {
  public enum Kind: Sendable, Hashable {
    case say(String)
    case ask(Ask)
    case end(End)
    /// Gives advice as soon as it is certain, and goes on: the questions after it can only raise it
    /// (an emergency sign) or serve the clinician. The conversation's final advice is never lower.
    case advise(End)
    /// Says nothing and asks nothing: only chooses the way on, as where the triage rules meet.
    case decide
  }

  public struct Ask: Sendable, Hashable {
    public var slot: String
    public var text: String
    public var help: String?
    public var examples: [String]
    /// Slots the question asks for as well, whose bare answers count: "Who is this about?" takes an age.
    public var also: [String]

    public init(slot: String, text: String, help: String? = nil, examples: [String] = [], also: [String] = [])
    {
      self.slot = slot
      self.text = text
      self.help = help
      self.examples = examples
      self.also = also
    }
  }

  public struct End: Sendable, Hashable {
    public var disposition: String
    public var advice: String

    public init(disposition: String, advice: String) {
      self.disposition = disposition
      self.advice = advice
    }
  }

  public var id: String
  public var kind: Kind
  /// Tried in order; the last has no condition, so a conversation never stops without a way on.
  public var edges: [Edge]
  public var location: SourceLocation

  public init(id: String, kind: Kind, edges: [Edge] = [], location: SourceLocation) {
    self.id = id
    self.kind = kind
    self.edges = edges
    self.location = location
  }

  public var isEnd: Bool {
    if case .end = kind { return true }
    return false
  }
}
