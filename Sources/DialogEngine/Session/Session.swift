import Foundation

/// One patient's conversation as a value: where it stands, what is known, and the earlier states that
/// "back" returns to. Sessions are plain data, so thousands can run at once and any can be saved.
public struct Session: Sendable, Hashable, Codable {
  public enum Status: Sendable, Hashable, Codable {
    case active
    case ended(disposition: String)
    case quit
  }

  /// What the conversation knows at one moment.
  public struct State: Sendable, Hashable, Codable {
    public var node: String
    public var values: [String: SlotValue] = [:]
    /// In order of first mention; a later statement about the same finding replaces the earlier one.
    public var observations: [Observation] = []
    public var firedInterrupts: Set<String> = []
    /// The disposition already advised while the conversation went on, which its end never lowers.
    public var advised: String?
    /// Lines in a row that did not answer the question on screen; at two the conversation moves on.
    public var misses = 0

    public init(node: String) {
      self.node = node
    }

    /// The findings the patient has, as reported.
    public var presentFindings: [Observation] { observations.filter(\.present) }

    public func observation(_ finding: String) -> Observation? {
      observations.first { $0.finding == finding }
    }

    mutating func record(_ observation: Observation) {
      if let index = observations.firstIndex(where: { $0.finding == observation.finding }) {
        observations[index] = observation
      } else {
        observations.append(observation)
      }
    }
  }

  public let id: String
  public let startedAt: Date
  public let timeZone: TimeZone
  public internal(set) var state: State
  public internal(set) var status: Status = .active
  /// Patient lines taken so far.
  public internal(set) var turns = 0
  /// The language of the conversation (`en`, `es`), and whether it was chosen: a conversation whose
  /// language nobody chose takes it from the patient's first line.
  public internal(set) var language: String
  public internal(set) var languageChosen: Bool
  var history: [State] = []

  init(id: String, startedAt: Date, timeZone: TimeZone, start: String, language: String, languageChosen: Bool)
  {
    self.id = id
    self.startedAt = startedAt
    self.timeZone = timeZone
    self.language = language
    self.languageChosen = languageChosen
    state = State(node: start)
  }

  public var isActive: Bool { status == .active }

  var calendar: Calendar {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    return calendar
  }
}
