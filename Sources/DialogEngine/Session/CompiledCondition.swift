/// A `Condition` whose slots, findings and value names are positions in a `DialogIndex`, checked
/// against `Facts` with array reads only.
indirect enum CompiledCondition: Sendable {
  case slotIn(slot: Int, names: Set<Int>)
  case count(slots: [Int], names: [Set<Int>], atLeast: Int)
  case present([Int])
  case absent([Int])
  case compare(slot: Int, Condition.Comparison, Double)
  case all([CompiledCondition])
  case any([CompiledCondition])
  case not(CompiledCondition)

  func holds(_ facts: Facts) -> Bool {
    switch self {
    case .slotIn(let slot, let names):
      return facts.name(slot).map(names.contains) ?? false
    case .count(let slots, let names, let least):
      var matching = 0
      for (slot, accepted) in zip(slots, names) where facts.name(slot).map(accepted.contains) == true {
        matching += 1
      }
      return matching >= least
    case .present(let findings):
      return findings.contains { facts.presence($0) == true }
    case .absent(let findings):
      return findings.allSatisfy { facts.presence($0) == false }
    case .compare(let slot, let comparison, let threshold):
      guard let value = facts.magnitude(slot) else { return false }
      return comparison.holds(value, threshold)
    case .all(let conditions):
      return conditions.allSatisfy { $0.holds(facts) }
    case .any(let conditions):
      return conditions.contains { $0.holds(facts) }
    case .not(let inner):
      return !inner.holds(facts)
    }
  }
}
