/// A question put to the patient, with what a front end needs to render it and to offer completions.
public struct Question: Sendable, Hashable, Codable {
  public enum Input: String, Sendable, Hashable, Codable {
    case choice
    case yesNo = "yes_no"
    case number
    case duration
    case findings
    case text
  }

  public struct Option: Sendable, Hashable, Codable {
    public var id: String
    public var label: String

    public init(id: String, label: String) {
      self.id = id
      self.label = label
    }
  }

  public var node: String
  public var slot: String
  public var text: String
  public var input: Input
  /// Numbered choices for choice and findings questions; empty otherwise.
  public var options: [Option]

  public init(node: String, slot: String, text: String, input: Input, options: [Option]) {
    self.node = node
    self.slot = slot
    self.text = text
    self.input = input
    self.options = options
  }
}
