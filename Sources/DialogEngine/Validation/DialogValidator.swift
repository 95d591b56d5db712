/// Checks a decoded dialog as a compiler checks a program: every name resolves, every node can be reached
/// and leads to an end, and the graph has no loop, so every conversation ends with a disposition.
public enum DialogValidator {
  public static func validate(_ dialog: Dialog) -> [Diagnostic] {
    var problems: [Diagnostic] = []
    problems += duplicates(dialog)
    problems += references(dialog)
    problems += graph(dialog)
    problems += language(dialog)
    problems += wording(dialog)
    // A translation shares the medicine and the graph, checked above; its words are its own.
    for translation in dialog.translations {
      problems += (language(translation) + wording(translation)).map { problem in
        var problem = problem
        problem.message = "in \(translation.code): " + problem.message
        return problem
      }
    }
    return problems
  }

  private static func duplicates(_ dialog: Dialog) -> [Diagnostic] {
    var problems: [Diagnostic] = []
    func check(_ kind: String, _ items: [(id: String, location: SourceLocation)]) {
      var first: [String: SourceLocation] = [:]
      for item in items {
        if let earlier = first[item.id] {
          problems.append(
            .error(
              at: item.location,
              "duplicate \(kind) id `\(item.id)`: it is already declared at line \(earlier.line)"))
        } else {
          first[item.id] = item.location
        }
      }
    }
    check("slot", dialog.slots.map { ($0.id, $0.location) })
    check("finding", dialog.findings.map { ($0.id, $0.location) })
    check("node", dialog.nodes.map { ($0.id, $0.location) })
    check("disposition", dialog.dispositions.map { ($0.id, $0.location) })
    check("interrupt", dialog.interrupts.map { ($0.id, $0.location) })
    check("topic", dialog.topics.map { ($0.id, $0.location) })
    for slot in dialog.slots {
      check("choice", slot.choices.map { ($0.id, $0.location) })
    }
    // Two findings with one phrase: only the first declared is ever recognised by it.
    var owner: [[String]: String] = [:]
    for finding in dialog.findings {
      for phrase in [finding.label] + finding.phrases {
        let words = Tokenizer.words(phrase)
        if let first = owner[words], first != finding.id {
          problems.append(
            .warning(
              at: finding.location,
              "“\(phrase)” is also a phrase of finding `\(first)`, which takes it; finding `\(finding.id)` is never recognised by it"
            ))
        } else {
          owner[words] = finding.id
        }
      }
    }
    return problems
  }

  private static func references(_ dialog: Dialog) -> [Diagnostic] {
    var problems: [Diagnostic] = []
    func target(_ id: String, at location: SourceLocation) {
      if dialog.node(id) == nil {
        problems.append(.error(at: location, "goes to node `\(id)`, which is not declared"))
      }
    }
    if dialog.node(dialog.start) == nil {
      problems.append(
        .error(at: dialog.source.location, "`start` names node `\(dialog.start)`, which is not declared"))
    }
    for slot in dialog.slots {
      for source in slot.cuesFrom where dialog.slot(source)?.choices.isEmpty != false {
        problems.append(
          .error(
            at: slot.location, "slot `\(slot.id)` takes cues from `\(source)`, which is not a choice slot"))
      }
      switch slot.kind {
      case .choice(let choices) where choices.isEmpty:
        problems.append(.error(at: slot.location, "choice slot `\(slot.id)` declares no choices"))
      case .number(let units) where units.isEmpty:
        problems.append(.error(at: slot.location, "number slot `\(slot.id)` declares no units"))
      case .findings(let options):
        if options.isEmpty {
          problems.append(.error(at: slot.location, "findings slot `\(slot.id)` lists no `options`"))
        }
        for option in options where dialog.finding(option) == nil {
          problems.append(
            .error(at: slot.location, "slot `\(slot.id)` offers finding `\(option)`, which is not declared"))
        }
      case .choice(let choices):
        for (group, members) in slot.groups.sorted(by: { $0.key < $1.key }) {
          for member in members where !choices.contains(where: { $0.id == member }) {
            problems.append(
              .error(
                at: slot.location,
                "group `\(group)` of slot `\(slot.id)` names choice `\(member)`, which is not declared"))
          }
        }
      case .number, .duration:
        if slot.overhear && slot.cues.isEmpty && slot.cuesFrom.isEmpty {
          problems.append(
            .error(
              at: slot.location, "slot `\(slot.id)` is overheard but has no `cues` to tell its numbers apart")
          )
        }
      default: break
      }
    }
    for node in dialog.nodes {
      switch node.kind {
      case .ask(let ask):
        for slot in [ask.slot] + ask.also where dialog.slot(slot) == nil {
          problems.append(
            .error(at: node.location, "node `\(node.id)` asks for slot `\(slot)`, which is not declared"))
        }
      case .end(let end), .advise(let end):
        if dialog.disposition(end.disposition) == nil {
          problems.append(
            .error(
              at: node.location,
              "node `\(node.id)` has disposition `\(end.disposition)`, which is not declared"))
        }
      case .say, .decide: break
      }
      for edge in node.edges {
        target(edge.target, at: edge.location)
        if let condition = edge.condition { problems += check(condition, in: dialog) }
      }
    }
    for interrupt in dialog.interrupts {
      target(interrupt.target, at: interrupt.location)
      problems += check(interrupt.condition, in: dialog)
    }
    for rule in dialog.severity {
      problems += check(rule.condition, in: dialog)
    }
    for item in dialog.coverage {
      if let target = item.target, !exists(target, in: dialog) {
        problems.append(
          .error(
            at: item.location, "concept “\(item.concept)” is covered by \(target), which is not declared"))
      }
    }
    for topic in dialog.topics where topic.phrases.isEmpty {
      problems.append(.error(at: topic.location, "topic `\(topic.id)` has no `phrases` to recognise it by"))
    }
    return problems
  }

  private static func check(_ condition: Condition, in dialog: Dialog) -> [Diagnostic] {
    let at = condition.location
    switch condition.rule {
    case .slotIn(let id, let values):
      guard let slot = dialog.slot(id) else {
        return [.error(at: at, "condition names slot `\(id)`, which is not declared")]
      }
      return undeclared(values, of: slot, at: at)
    case .count(let ids, let values, _):
      if ids.isEmpty { return [.error(at: at, "`count` names no slot")] }
      return ids.flatMap { id -> [Diagnostic] in
        guard let slot = dialog.slot(id) else {
          return [.error(at: at, "condition names slot `\(id)`, which is not declared")]
        }
        return undeclared(values, of: slot, at: at)
      }
    case .present(let ids), .absent(let ids):
      if ids.isEmpty { return [.error(at: at, "condition names no finding")] }
      return ids.filter { dialog.finding($0) == nil }.map {
        .error(at: at, "condition names finding `\($0)`, which is not declared")
      }
    case .compare(let id, let comparison, _):
      guard let slot = dialog.slot(id) else {
        return [.error(at: at, "condition names slot `\(id)`, which is not declared")]
      }
      return slot.isNumeric
        ? []
        : [
          .error(
            at: at, "`\(comparison.rawValue)` compares numbers, but slot `\(id)` is not a number or duration")
        ]
    case .all(let conditions), .any(let conditions):
      if conditions.isEmpty { return [.error(at: at, "`all` and `any` need at least one condition")] }
      return conditions.flatMap { check($0, in: dialog) }
    case .not(let inner):
      return check(inner, in: dialog)
    }
  }

  static func exists(_ target: CoverageItem.Target, in dialog: Dialog) -> Bool {
    switch target {
    case .finding(let id): dialog.finding(id) != nil
    case .choice(let slot, let choice): dialog.slot(slot)?.choices.contains { $0.id == choice } == true
    case .topic(let id): dialog.topic(id) != nil
    case .slot(let id): dialog.slot(id) != nil
    case .node(let id): dialog.node(id) != nil
    case .disposition(let id): dialog.disposition(id) != nil
    }
  }

  private static func undeclared(_ values: [String], of slot: Slot, at location: SourceLocation)
    -> [Diagnostic]
  {
    let allowed = slot.namedValues
    return values.filter { !allowed.contains($0) }.map {
      .error(
        at: location,
        "slot `\(slot.id)` has no value `\($0)`; its values are \(allowed.joined(separator: ", "))")
    }
  }

  /// Every `{key}` in a text the patient sees needs a default in `wording`, and choices may only change
  /// keys that have one.
  private static func wording(_ dialog: Dialog) -> [Diagnostic] {
    var problems: [Diagnostic] = []
    func check(_ text: String, at location: SourceLocation) {
      for key in Wording.placeholders(in: text) where dialog.wording[key] == nil {
        problems.append(.error(at: location, "`{\(key)}` has no default in `wording`"))
      }
    }
    for node in dialog.nodes {
      switch node.kind {
      case .say(let text): check(text, at: node.location)
      case .ask(let ask):
        ([ask.text] + (ask.help.map { [$0] } ?? [])).forEach { check($0, at: node.location) }
      case .end(let end), .advise(let end): check(end.advice, at: node.location)
      case .decide: break
      }
    }
    for topic in dialog.topics { check(topic.answer, at: topic.location) }
    for slot in dialog.slots {
      for choice in slot.choices {
        for key in choice.wording.keys.sorted() where dialog.wording[key] == nil {
          problems.append(
            .error(
              at: choice.location, "choice `\(choice.id)` changes `\(key)`, which has no default in `wording`"
            ))
        }
      }
    }
    return problems
  }

  private static func graph(_ dialog: Dialog) -> [Diagnostic] {
    var problems: [Diagnostic] = []
    for node in dialog.nodes {
      if node.isEnd {
        if !node.edges.isEmpty {
          problems.append(
            .error(at: node.location, "end node `\(node.id)` has `next`, but a conversation stops at an end"))
        }
      } else if let last = node.edges.last {
        if last.condition != nil {
          problems.append(
            .error(
              at: last.location,
              "node `\(node.id)` has no fallback: its last `next` entry needs no `when`, so some answer always leads on"
            ))
        }
      } else {
        problems.append(
          .error(at: node.location, "node `\(node.id)` has no `next`: say where the conversation goes"))
      }
    }
    let successors = Dictionary(
      dialog.nodes.map { ($0.id, $0.edges.map(\.target).filter { dialog.node($0) != nil }) },
      uniquingKeysWith: { first, _ in first })
    let roots = [dialog.start] + dialog.interrupts.map(\.target)
    let reachable = closure(from: roots.filter { dialog.node($0) != nil }, successors)
    var predecessors: [String: [String]] = [:]
    for (id, targets) in successors {
      for target in targets { predecessors[target, default: []].append(id) }
    }
    let ending = closure(from: dialog.nodes.filter(\.isEnd).map(\.id), predecessors)
    for node in dialog.nodes where successors[node.id] != nil {
      if !reachable.contains(node.id) {
        problems.append(
          .error(
            at: node.location,
            "node `\(node.id)` is unreachable: no path from `start` or an interrupt leads to it"))
      }
      if !ending.contains(node.id) {
        problems.append(
          .error(
            at: node.location,
            "from node `\(node.id)` no end can be reached, so a patient would never get advice"))
      }
    }
    if let cycle = firstCycle(dialog.nodes.map(\.id), successors) {
      let node = dialog.node(cycle[0])!
      problems.append(
        .error(
          at: node.location,
          "the conversation can loop: \(cycle.joined(separator: " → ")); remove an edge so every path ends"))
    }
    return problems
  }

  private static func language(_ dialog: Dialog) -> [Diagnostic] {
    let language = dialog.language
    var problems: [Diagnostic] = []
    let required: [(String, [String])] =
      [("yes", language.yes), ("no", language.no), ("unknown", language.unknown)]
      + Language.Command.allCases.map { ("commands.\($0.rawValue)", language.commands[$0] ?? []) }
    for (name, words) in required where words.isEmpty {
      problems.append(.error(at: dialog.source.location, "`language.\(name)` lists no words"))
    }
    return problems
  }

  private static func closure(from roots: [String], _ edges: [String: [String]]) -> Set<String> {
    var seen = Set(roots)
    var work = roots
    while let id = work.popLast() {
      for next in edges[id] ?? [] where seen.insert(next).inserted {
        work.append(next)
      }
    }
    return seen
  }

  /// Depth-first search with colours; returns the first loop found, closed on its first node.
  private static func firstCycle(_ ids: [String], _ edges: [String: [String]]) -> [String]? {
    enum Colour { case active, done }
    var colour: [String: Colour] = [:]
    var path: [String] = []
    func visit(_ id: String) -> [String]? {
      colour[id] = .active
      path.append(id)
      for next in edges[id] ?? [] {
        switch colour[next] {
        case .active:
          let start = path.firstIndex(of: next)!
          return Array(path[start...]) + [next]
        case .none:
          if let cycle = visit(next) { return cycle }
        case .done: break
        }
      }
      path.removeLast()
      colour[id] = .done
      return nil
    }
    for id in ids where colour[id] == nil {
      if let cycle = visit(id) { return cycle }
    }
    return nil
  }
}
