/// A structural test on what the conversation knows. Conditions are data, never expression strings, so
/// the validator can check every slot and finding they name.
public struct Condition: Sendable, Hashable {
  public indirect enum Rule: Sendable, Hashable {
    /// The slot holds one of the named values (`unknown` for "I don't know").
    case slotIn(slot: String, values: [String])
    /// Any of the findings is present.
    case present([String])
    /// Every one of the findings is known to be absent.
    case absent([String])
    /// A number or duration slot compared with a threshold in the slot's first unit (days for durations).
    case compare(slot: String, Comparison, Double)
    /// At least `atLeast` of the slots hold one of the values: "two or more checks missed".
    case count(slots: [String], values: [String], atLeast: Int)
    case all([Condition])
    case any([Condition])
    case not(Condition)
  }

  public enum Comparison: String, Sendable, Hashable, CaseIterable {
    case atLeast = "at_least"
    case above
    case atMost = "at_most"
    case below

    public func holds(_ value: Double, _ threshold: Double) -> Bool {
      switch self {
      case .atLeast: value >= threshold
      case .above: value > threshold
      case .atMost: value <= threshold
      case .below: value < threshold
      }
    }
  }

  public var rule: Rule
  public var location: SourceLocation
  /// The name it was declared under in `conditions`, when a rule named it (`is: fever_measured`), so a
  /// picture of the dialog can say it as the clinician wrote it.
  public var name: String?

  public init(_ rule: Rule, location: SourceLocation, name: String? = nil) {
    self.rule = rule
    self.location = location
    self.name = name
  }

  /// Every finding the condition names, for explaining what a decision rested on.
  public var findings: [String] {
    switch rule {
    case .present(let ids), .absent(let ids): ids
    case .all(let conditions), .any(let conditions): conditions.flatMap(\.findings)
    case .not(let inner): inner.findings
    case .slotIn, .compare, .count: []
    }
  }

  /// Every value name the condition's `in:` lists name.
  public var valueNames: [String] {
    switch rule {
    case .slotIn(_, let values), .count(_, let values, _): values
    case .all(let conditions), .any(let conditions): conditions.flatMap(\.valueNames)
    case .not(let inner): inner.valueNames
    case .present, .absent, .compare: []
    }
  }

  /// Every slot the condition names.
  public var slots: [String] {
    switch rule {
    case .slotIn(let slot, _), .compare(let slot, _, _): [slot]
    case .count(let slots, _, _): slots
    case .all(let conditions), .any(let conditions): conditions.flatMap(\.slots)
    case .not(let inner): inner.slots
    case .present, .absent: []
    }
  }
}
