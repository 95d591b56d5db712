/// Everything recognised in one patient line: findings (with negation), slot values, a command.
public struct Reading: Sendable, Hashable, Codable {
  /// A value for a slot and the words it was read from.
  public struct Fill: Sendable, Hashable, Codable {
    public var slot: String
    public var value: SlotValue
    public var words: String

    public init(slot: String, value: SlotValue, words: String) {
      self.slot = slot
      self.value = value
      self.words = words
    }
  }

  public var observations: [Observation] = []
  public var fills: [Fill] = []
  public var command: Language.Command?
  /// Topics the patient asked about ("what is CRS?").
  public var topics: [String] = []

  public init(
    observations: [Observation] = [], fills: [Fill] = [], command: Language.Command? = nil,
    topics: [String] = []
  ) {
    self.observations = observations
    self.fills = fills
    self.command = command
    self.topics = topics
  }

  public func fill(for slot: String) -> Fill? { fills.first { $0.slot == slot } }

  public var isEmpty: Bool { observations.isEmpty && fills.isEmpty && command == nil && topics.isEmpty }
}
