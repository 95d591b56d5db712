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
  /// Stretches of the line that were not understood, shown back to the patient and kept for the
  /// clinician; never silently dropped.
  public var unread: [String] = []

  public init(
    observations: [Observation] = [], fills: [Fill] = [], command: Language.Command? = nil,
    topics: [String] = [], unread: [String] = []
  ) {
    self.observations = observations
    self.fills = fills
    self.command = command
    self.topics = topics
    self.unread = unread
  }

  private enum CodingKeys: String, CodingKey {
    case observations, fills, command, topics, unread
  }

  /// Transcripts written before a field existed still read.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    observations = try container.decodeIfPresent([Observation].self, forKey: .observations) ?? []
    fills = try container.decodeIfPresent([Fill].self, forKey: .fills) ?? []
    command = try container.decodeIfPresent(Language.Command.self, forKey: .command)
    topics = try container.decodeIfPresent([String].self, forKey: .topics) ?? []
    unread = try container.decodeIfPresent([String].self, forKey: .unread) ?? []
  }

  public func fill(for slot: String) -> Fill? { fills.first { $0.slot == slot } }

  public var isEmpty: Bool {
    observations.isEmpty && fills.isEmpty && command == nil && topics.isEmpty && unread.isEmpty
  }
}
