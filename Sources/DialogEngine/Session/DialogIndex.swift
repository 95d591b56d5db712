/// The dialog's value names numbered once, and its findings and slots by their places in the dialog, so
/// that the conditions checked at every node of every turn read arrays instead of hashing and comparing
/// strings, which was a third of a turn.
struct DialogIndex: Sendable {
  private let dialog: Dialog
  /// Every value name a condition can test: choice ids, the names in conditions and the reserved ones.
  private let names: WordTable<Int>
  /// For each slot, the positions of its options' findings when it is a findings slot.
  private let options: [[Int]?]
  private let some: Int
  private let none: Int

  init(dialog: Dialog) {
    self.dialog = dialog
    var names: [String: Int] = [:]
    let named =
      ["yes", "no", "some", "none", SlotValue.unknownName, "correct", "missed"]
      + dialog.slots.flatMap { slot in slot.choices.map(\.id) + slot.groups.flatMap { [$0.key] + $0.value } }
      + Self.conditions(of: dialog).flatMap(\.valueNames)
    for name in named where names[name] == nil { names[name] = names.count }
    self.names = WordTable(names.map { ($0.key, $0.value) })
    some = names["some"]!
    none = names["none"]!
    options = dialog.slots.map { slot -> [Int]? in
      if case .findings(let ids) = slot.kind { ids.map { dialog.findingPosition($0) ?? -1 } } else { nil }
    }
  }

  /// A slot's place, or -1 for a name the dialog lacks.
  func slot(_ id: String) -> Int { dialog.slotPosition(id) ?? -1 }

  private func finding(_ id: String) -> Int { dialog.findingPosition(id) ?? -1 }

  /// The condition with every name resolved; a name the dialog lacks resolves to a position that holds
  /// nothing, so the condition fails as it did when the name was looked up each time.
  func compile(_ condition: Condition, in dialog: Dialog) -> CompiledCondition {
    func accepted(_ values: [String], of slotIDs: [String]) -> Set<Int> {
      var accepted = Set(values.compactMap { names[$0] })
      for id in slotIDs {
        for value in values {
          accepted.formUnion((dialog.slot(id)?.groups[value] ?? []).compactMap { names[$0] })
        }
      }
      return accepted
    }
    switch condition.rule {
    case .slotIn(let slot, let values):
      return .slotIn(slot: self.slot(slot), names: accepted(values, of: [slot]))
    case .count(let ids, let values, let least):
      return .count(slots: ids.map(slot), names: ids.map { accepted(values, of: [$0]) }, atLeast: least)
    case .present(let ids): return .present(ids.map(finding))
    case .absent(let ids): return .absent(ids.map(finding))
    case .compare(let id, let comparison, let threshold):
      return .compare(slot: slot(id), comparison, threshold)
    case .all(let conditions): return .all(conditions.map { compile($0, in: dialog) })
    case .any(let conditions): return .any(conditions.map { compile($0, in: dialog) })
    case .not(let inner): return .not(compile(inner, in: dialog))
    }
  }

  /// What `state` knows, laid out by position. A findings slot is "some" when any of its options is
  /// present, whatever was answered, and "none" once every option is known to be absent.
  func facts(_ state: Session.State) -> Facts {
    var facts = Facts(findings: dialog.findings.count, slots: dialog.slots.count)
    for observation in state.observations {
      if let position = dialog.findingPosition(observation.finding) {
        facts.presence[position] = observation.present ? 1 : 0
      }
    }
    for (id, value) in state.values {
      guard let position = dialog.slotPosition(id) else { continue }
      facts.filled[position] = true
      facts.magnitudes[position] = value.magnitude ?? .nan
      facts.names[position] = value.name.flatMap { names[$0] } ?? -1
    }
    for (position, options) in options.enumerated() {
      guard let options else { continue }
      let allKnown = options.allSatisfy { facts.presence($0) != nil }
      if options.contains(where: { facts.presence($0) == true }) {
        facts.names[position] = some
      } else if facts.names[position] < 0, allKnown {
        facts.names[position] = none
      }
      facts.filled[position] = facts.filled[position] || allKnown
    }
    return facts
  }

  private static func conditions(of dialog: Dialog) -> [Condition] {
    dialog.nodes.flatMap { $0.edges.compactMap(\.condition) } + dialog.interrupts.map(\.condition)
      + dialog.severity.map(\.condition)
  }
}
