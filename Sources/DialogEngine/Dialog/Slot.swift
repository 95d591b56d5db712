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
    /// A question with a right answer, as in a neurological check; holds `correct` or `missed`.
    case check(Expectation)
  }

  /// What a check question expects.
  public enum Expectation: Sendable, Hashable {
    /// The year of the session date.
    case year
    /// The month of the session date, by name or number.
    case month
    /// Any answer but "I don't know", for what the engine cannot verify (the city you are in).
    case anyAnswer
    /// Counting down by `step` from `start`: "100, 90, 80 … 0".
    case countdown(start: Int, step: Int)
    /// Typing a given sentence, as the ICE score's writing item: most of its words, in any case.
    case copy(String)
  }

  public var id: String
  public var label: String
  public var kind: Kind
  /// Whether the slot is filled from anything the patient says, not only when it is asked.
  public var overhear: Bool
  /// Words that show a number or a duration belongs to this slot when it is overheard.
  public var cues: [String]
  /// Slots whose values count as cues: a time said in the same clause as a treatment's name is when the
  /// treatment was given.
  public var cuesFrom: [String]
  /// Named sets of choices a condition can use in place of listing each: `immunotherapy: [car_t, …]`.
  public var groups: [String: [String]]
  /// For a number read as a pair, such as blood pressure "85/50" or "85 over 50": the words between the
  /// two numbers. The slot holds the first number.
  public var pairSeparators: [String]
  /// For a number: which of the values said counts. The most worrying one, for a reading that a medicine
  /// or a better moment can hide ("37.8 now, 39.6 before paracetamol"; "89%, I'm usually 98").
  public var keep: Keep = .latest
  /// Which value of a number slot counts when several are said.
  public enum Keep: String, Sendable, Hashable {
    case latest, highest, lowest

    /// Whether `new` should replace `kept` as the slot's value.
    func prefers(_ new: Double, over kept: Double) -> Bool {
      switch self {
      case .latest: true
      case .highest: new > kept
      case .lowest: new < kept
      }
    }
  }
  /// For a number: only whole numbers are its values (a pulse, an age), so "39.6" is never one.
  public var isWhole: Bool = false
  /// Answers to this question describe how the patient is, so what in them is not understood is kept as
  /// a symptom not understood, whatever its words.
  public var describesSymptoms: Bool = false
  public var location: SourceLocation

  public init(
    id: String, label: String, kind: Kind, overhear: Bool = false, cues: [String] = [],
    cuesFrom: [String] = [], groups: [String: [String]] = [:], pairSeparators: [String] = [],
    location: SourceLocation
  ) {
    self.id = id
    self.label = label
    self.kind = kind
    self.overhear = overhear
    self.cues = cues
    self.cuesFrom = cuesFrom
    self.groups = groups
    self.pairSeparators = pairSeparators
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
    case .choice(let choices): choices.map(\.id) + groups.keys.sorted() + [SlotValue.unknownName]
    case .yesNo: ["yes", "no", SlotValue.unknownName]
    case .findings: ["some", "none", SlotValue.unknownName]
    case .check: ["correct", "missed", SlotValue.unknownName]
    case .number, .duration, .text: [SlotValue.unknownName]
    }
  }

  /// Whether a value named `name` is among `values`, directly or through one of the slot's groups.
  public func value(_ name: String, isIn values: [String]) -> Bool {
    values.contains { $0 == name || groups[$0]?.contains(name) == true }
  }

  /// Whether a condition may compare this slot with a threshold.
  public var isNumeric: Bool {
    switch kind {
    case .number, .duration: true
    default: false
    }
  }
}
