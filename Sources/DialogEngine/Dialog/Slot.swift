/// A typed piece of information the conversation collects: which therapy, when it started, a temperature.
public struct Slot: Sendable, Hashable {
  public enum Kind: Sendable, Hashable {
    case choice([Choice])
    case yesNo
    /// Values are kept in the first unit; the others convert into it.
    case number([NumberUnit])
    /// Time since an event, in days, read from a duration ("4 days ago") or a date ("last Tuesday").
    case duration
    /// A set of findings the patient may have; `options` are finding ids.
    case findings(options: [String])
    case text
  }

  public var id: String
  public var label: String
  public var kind: Kind
  /// Whether the slot is filled from anything the patient says, not only when it is asked.
  public var overhear: Bool
  /// Words that show a number or a duration belongs to this slot when it is overheard.
  public var cues: [String]
  public var location: SourceLocation

  public init(
    id: String, label: String, kind: Kind, overhear: Bool = false, cues: [String] = [],
    location: SourceLocation
  ) {
    self.id = id
    self.label = label
    self.kind = kind
    self.overhear = overhear
    self.cues = cues
    self.location = location
  }

  public var choices: [Choice] {
    if case .choice(let choices) = kind { return choices }
    return []
  }

  /// The values a condition may name with `in:`; `unknown` is always allowed because every question
  /// accepts "I don't know".
  public var namedValues: [String] {
    switch kind {
    case .choice(let choices): choices.map(\.id) + [SlotValue.unknownName]
    case .yesNo: ["yes", "no", SlotValue.unknownName]
    case .findings: ["some", "none", SlotValue.unknownName]
    case .number, .duration, .text: [SlotValue.unknownName]
    }
  }

  /// Whether a condition may compare this slot with a threshold.
  public var isNumeric: Bool {
    switch kind {
    case .number, .duration: true
    default: false
    }
  }
}
