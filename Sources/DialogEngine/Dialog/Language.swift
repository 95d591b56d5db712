/// The words of the patient's language that are not medical: yes and no, negation, numbers, time. They
/// live in the dialog so that wording is changed by editing data, not the engine.
public struct Language: Sendable, Hashable {
  public enum Command: String, Sendable, Hashable, CaseIterable, Codable {
    case back
    case restart
    case help
    case quit
  }

  public var yes: [String]
  public var no: [String]
  /// "None of these" for a list of findings.
  public var none: [String]
  public var unknown: [String]
  /// Cues that deny the findings after them in the same clause ("no fever", "I don't have a cough").
  public var negation: [String]
  /// Cues that deny the findings before them ("the rash is gone").
  public var negationAfter: [String]
  /// Cues that make what follows uncertain ("I think", "maybe"); uncertain findings still count.
  public var uncertainty: [String]
  /// Words that end a negation's scope ("no fever but a headache").
  public var clauseBreaks: [String]
  /// Words a negation does not reach past, because a new statement starts there: "no cough and my lips
  /// are blue", "he isn't eating his lips are blue".
  public var negationStops: [String] = []
  /// Words that carry a negation on to the next finding: "no fever or cough".
  public var negationContinues: [String] = []
  /// Words that join a list of picks: "1 and 3".
  public var conjunctions: [String]
  public var numbers: [String: Double]
  /// Days in each time unit word: `week: 7`.
  public var timeUnits: [String: Double]
  /// Phrases naming a day by its distance from today: `yesterday: 1`.
  public var relativeDays: [String: Double]
  /// Seven entries from Sunday, each with the forms of that day's name.
  public var weekdays: [[String]]
  /// Twelve entries from January, each with the forms of that month's name.
  public var months: [[String]]
  public var commands: [Command: [String]]
  /// Short forms people type, and what they stand for: `u: you`, `pls: please`, `idk: i dont know`.
  public var shorthand: [String: String] = [:]
  /// Words that may stand between the words of a finding's phrase without changing it: intensifiers
  /// ("way too"), possessives ("my"), "is". Never a negation.
  public var fillers: [String] = []
  /// Named sets of words that findings are described by (`parts`): body parts, colours, "can't".
  public var wordGroups: [String: [String]] = [:]
  /// Words that make words the engine did not understand sound like a symptom (a body part, "hurts",
  /// "feels"); such words are never let go below the advice to contact a doctor.
  public var symptomHints: [String] = []
  /// Words that carry no content of their own ("the", "is", "hello"), which are not reported as not
  /// understood.
  public var functionWords: [String] = []
  /// Whether "38,5" is a number with decimals, as Spanish writes it. Only after two digits or more, so
  /// that a list of picks ("1,3") stays a list.
  public var decimalComma = false

  public init(
    yes: [String], no: [String], none: [String], unknown: [String], negation: [String],
    negationAfter: [String], uncertainty: [String], clauseBreaks: [String], conjunctions: [String],
    numbers: [String: Double],
    timeUnits: [String: Double], relativeDays: [String: Double], weekdays: [[String]], months: [[String]],
    commands: [Command: [String]]
  ) {
    self.yes = yes
    self.no = no
    self.none = none
    self.unknown = unknown
    self.negation = negation
    self.negationAfter = negationAfter
    self.uncertainty = uncertainty
    self.clauseBreaks = clauseBreaks
    self.conjunctions = conjunctions
    self.numbers = numbers
    self.timeUnits = timeUnits
    self.relativeDays = relativeDays
    self.weekdays = weekdays
    self.months = months
    self.commands = commands
  }
}
