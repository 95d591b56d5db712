/// What a slot holds once the patient has answered.
public enum SlotValue: Sendable, Hashable, Codable {
  case choice(id: String)
  case yesNo(Bool)
  /// In the slot's first unit; `unit` is the symbol the patient used.
  case number(Double, unit: String)
  /// Time since the event, in days.
  case days(Double)
  /// The findings of a findings slot the patient has; empty means "none of these".
  case findings([String])
  /// "Yes" to a list of findings without saying which: treated as some.
  case affirmed
  case text(String)
  /// "I don't know", which every question accepts.
  case unknown
  /// The answer to a check question: right, or missed.
  case check(passed: Bool)

  /// The reserved value name for "I don't know" in conditions.
  public static let unknownName = "unknown"

  /// The name a condition's `in:` list compares with.
  public var name: String? {
    switch self {
    case .choice(let id): id
    case .yesNo(let yes): yes ? "yes" : "no"
    case .findings(let present): present.isEmpty ? "none" : "some"
    case .affirmed: "some"
    case .unknown: Self.unknownName
    case .check(let passed): passed ? "correct" : "missed"
    case .number, .days, .text: nil
    }
  }

  /// The value a threshold is compared with.
  public var magnitude: Double? {
    switch self {
    case .number(let value, _): value
    case .days(let days): days
    default: nil
    }
  }
}

/// A flat JSON form, `{"kind": "number", "value": 38.5, "unit": "°C"}`, documented in docs/TRANSCRIPTS.md
/// for the people and programs that read transcripts.
extension SlotValue {
  private enum CodingKeys: String, CodingKey {
    case kind, value, unit
  }

  private enum Kind: String, Codable {
    case choice, yesNo = "yes_no", number, days, findings, affirmed, text, unknown, check
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    switch try container.decode(Kind.self, forKey: .kind) {
    case .choice: self = .choice(id: try container.decode(String.self, forKey: .value))
    case .yesNo: self = .yesNo(try container.decode(Bool.self, forKey: .value))
    case .number:
      self = .number(
        try container.decode(Double.self, forKey: .value),
        unit: try container.decode(String.self, forKey: .unit))
    case .days: self = .days(try container.decode(Double.self, forKey: .value))
    case .findings: self = .findings(try container.decode([String].self, forKey: .value))
    case .affirmed: self = .affirmed
    case .text: self = .text(try container.decode(String.self, forKey: .value))
    case .unknown: self = .unknown
    case .check: self = .check(passed: try container.decode(Bool.self, forKey: .value))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .choice(let id):
      try container.encode(Kind.choice, forKey: .kind)
      try container.encode(id, forKey: .value)
    case .yesNo(let yes):
      try container.encode(Kind.yesNo, forKey: .kind)
      try container.encode(yes, forKey: .value)
    case .number(let value, let unit):
      try container.encode(Kind.number, forKey: .kind)
      try container.encode(value, forKey: .value)
      try container.encode(unit, forKey: .unit)
    case .days(let days):
      try container.encode(Kind.days, forKey: .kind)
      try container.encode(days, forKey: .value)
    case .findings(let ids):
      try container.encode(Kind.findings, forKey: .kind)
      try container.encode(ids, forKey: .value)
    case .affirmed:
      try container.encode(Kind.affirmed, forKey: .kind)
    case .text(let text):
      try container.encode(Kind.text, forKey: .kind)
      try container.encode(text, forKey: .value)
    case .unknown:
      try container.encode(Kind.unknown, forKey: .kind)
    case .check(let passed):
      try container.encode(Kind.check, forKey: .kind)
      try container.encode(passed, forKey: .value)
    }
  }
}
