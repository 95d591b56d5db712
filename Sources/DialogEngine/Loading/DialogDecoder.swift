import Yams

/// Turns a composed YAML document into a `Dialog`. Structure problems (missing keys, wrong shapes,
/// unknown keys) are collected here; graph problems are the validator's.
struct DialogDecoder {
  let reader: YAMLReader
  /// Conditions declared by name under `conditions`, which a rule names with `is:`.
  var named: [String: Condition] = [:]

  /// The dialog of `root`, with the words of `lexicon` when its words are kept apart (`lexicon:`), and
  /// the same dialog in the words of each translation (`languages:`), read from `file`.
  func dialog(
    _ root: Yams.Node, source: DialogSource, lexicon: Lexicon? = nil,
    translations: [(lexicon: Lexicon, file: String)] = []
  ) -> Dialog? {
    guard let top = reader.fields(root, of: "the dialog file") else { return nil }
    defer { top.finish() }
    var decoder = self
    if let conditions = top.optional("conditions") {
      decoder.named = namedConditions(conditions)
    }
    guard var dialog = decoder.dialog(top, source: source, lexicon: lexicon) else { return nil }
    lexicon?.apply(to: &dialog) { reader.error(at: $0, $1) }
    for translation in translations {
      // The same medicine decoded again, quietly: its own problems were reported above.
      let quiet = DialogDecoder(reader: YAMLReader(file: reader.file), named: decoder.named)
      guard let fields = quiet.reader.fields(root, of: "the dialog file"),
        var translated = quiet.dialog(fields, source: source, lexicon: translation.lexicon)
      else { continue }
      translation.lexicon.apply(to: &translated) { reader.error(at: $0, $1) }
      for (location, problem) in translation.lexicon.missingTexts(of: translated, file: translation.file) {
        reader.error(at: location, problem)
      }
      dialog.translations.append(translated)
    }
    Self.borrowEmergencyPhrases(&dialog)
    return dialog
  }

  /// Every language's phrases for the emergency findings are read in every other: a patient who
  /// switches language to say "I can't breathe" is still understood. Phrases with word groups stay in
  /// their own language: written out they are thousands, and each language's own covers them there.
  private static func borrowEmergencyPhrases(_ dialog: inout Dialog) {
    let languages = dialog.inEveryLanguage
    guard languages.count > 1 else { return }
    func phrases(_ words: Dialog, _ id: String) -> [String] {
      guard let finding = words.finding(id) else { return [] }
      return ([finding.label] + finding.phrases).filter { !$0.contains("<") }
    }
    var borrowing = languages
    let emergency = dialog.emergencyFindings
    for (index, words) in languages.enumerated() {
      for id in emergency {
        guard let position = words.findings.firstIndex(where: { $0.id == id }) else { continue }
        borrowing[index].findings[position].borrowed = languages.indices.filter { $0 != index }.flatMap {
          phrases(languages[$0], id)
        }
      }
    }
    dialog = borrowing[0]
    dialog.translations = Array(borrowing.dropFirst())
  }

  /// `conditions: {fever_measured: {slot: temperature, at_least: 38}, …}`, each able to name those
  /// above it, so that no condition can name itself.
  private func namedConditions(_ node: Yams.Node) -> [String: Condition] {
    guard let fields = reader.fields(node, of: "`conditions`") else { return [:] }
    defer { fields.finish() }
    var decoder = self
    for name in fields.keys {
      if let value = fields.optional(name), var condition = decoder.condition(value) {
        condition.name = name
        decoder.named[name] = condition
      }
    }
    return decoder.named
  }

  private func dialog(_ top: YAMLReader.Fields, source: DialogSource, lexicon: Lexicon?) -> Dialog? {
    let id = top.string("dialog")
    let version = top.string("version")
    let title = top.optionalString("title")
    let start = top.string("start")
    let dispositions = list(top, "dispositions", disposition)
    let slots = list(top, "slots", slot)
    let findings = list(top, "findings", finding)
    let interrupts = list(top, "interrupts", interrupt, required: false)
    let nodes = list(top, "nodes", node)
    let topics = list(top, "topics", topic, required: false)
    let severity = list(top, "severity", severityRule, required: false)
    let wording = (top.optional("wording").map { textTable($0, "`wording`") } ?? [:])
      .merging(lexicon?.wording ?? [:]) { _, words in words }
    let coverage = list(top, "coverage", coverageSection, required: false).flatMap { $0 }
    _ = top.optional("lexicon")  // read by the loader
    _ = top.optional("languages")
    let language = lexicon?.language ?? top.required("language").flatMap(language)
    let messages = lexicon?.messages ?? top.required("messages").flatMap(messages)
    guard let id, let version, let start, let language, let messages else { return nil }
    return Dialog(
      id: id, version: version, title: title ?? id, start: start, slots: slots, findings: findings,
      nodes: nodes, interrupts: interrupts, dispositions: dispositions, topics: topics, severity: severity,
      wording: wording, coverage: coverage, language: language,
      messages: messages, source: source)
  }

  private func list<T>(
    _ fields: YAMLReader.Fields, _ key: String, _ item: (Yams.Node) -> T?, required: Bool = true
  ) -> [T] {
    let node = required ? fields.required(key) : fields.optional(key)
    guard let node else { return [] }
    return reader.sequence(node, "`\(key)`").compactMap(item)
  }

  private func disposition(_ node: Yams.Node) -> Disposition? {
    guard let fields = reader.fields(node, of: "a disposition") else { return nil }
    defer { fields.finish() }
    let id = fields.string("id")
    let label = fields.string("label")
    let level = fields.required("level").flatMap { reader.integer($0, "`level` of a disposition") }
    let risk = fields.optionalString("risk")
    guard let id, let label, let level else { return nil }
    var disposition = Disposition(id: id, label: label, level: level, location: fields.location)
    disposition.risk = risk
    return disposition
  }

  private func finding(_ node: Yams.Node) -> Finding? {
    guard let fields = reader.fields(node, of: "a finding") else { return nil }
    defer { fields.finish() }
    let id = fields.string("id")
    if let id { fields.what = "finding `\(id)`" }
    let label = fields.string("label")
    let phrases = fields.strings("phrases")
    let parts = fields.optional("parts").map { self.parts($0, of: id ?? "") } ?? []
    let holdsNotUnderstood = fields.bool("not_understood", default: false)
    guard let id, let label else { return nil }
    return Finding(
      id: id, label: label, phrases: phrases, parts: parts, holdsNotUnderstood: holdsNotUnderstood,
      location: fields.location)
  }

  /// A finding's `parts`: descriptions, each a list of word groups, in a dialog or its lexicon.
  func parts(_ node: Yams.Node, of finding: String) -> [[String]] {
    reader.sequence(node, "`parts` of finding `\(finding)`").map {
      reader.strings($0, "a description in `parts`")
    }
  }

  private func slot(_ node: Yams.Node) -> Slot? {
    guard let fields = reader.fields(node, of: "a slot") else { return nil }
    defer { fields.finish() }
    let id = fields.string("id")
    if let id { fields.what = "slot `\(id)`" }
    let label = fields.optionalString("label")
    let overhear = fields.bool("overhear", default: false)
    let cues = fields.strings("cues")
    let groups = fields.optional("groups").map(groupTable) ?? [:]
    let pairSeparators = fields.strings("pair")
    let cuesFrom = fields.strings("cues_from")
    let keep = fields.optionalString("keep")
    if let keep, Slot.Keep(rawValue: keep) == nil {
      reader.error(fields.node, "`keep` should be `highest`, `lowest` or `latest`, not `\(keep)`")
    }
    guard let id, let kindName = fields.string("kind") else { return nil }
    let kind: Slot.Kind
    switch kindName {
    case "choice":
      let choices = fields.required("choices").map { reader.sequence($0, "`choices`").compactMap(choice) }
      kind = .choice(choices ?? [])
    case "yes_no": kind = .yesNo
    case "number":
      let units = fields.required("units").map { reader.sequence($0, "`units`").compactMap(unit) }
      kind = .number(units ?? [])
    case "duration": kind = .duration
    case "findings": kind = .findings(options: fields.strings("options"))
    case "text": kind = .text
    case "check":
      guard let expectation = fields.required("expect").flatMap(expectation) else { return nil }
      kind = .check(expectation)
    default:
      reader.error(
        fields.node,
        "slot `\(id)` has kind `\(kindName)`; use one of choice, yes_no, number, duration, findings, text, check"
      )
      return nil
    }
    var slot = Slot(
      id: id, label: label ?? id, kind: kind, overhear: overhear, cues: cues, cuesFrom: cuesFrom,
      groups: groups,
      pairSeparators: pairSeparators, location: fields.location)
    slot.keep = keep.flatMap(Slot.Keep.init) ?? .latest
    slot.isWhole = fields.bool("whole", default: false)
    slot.describesSymptoms = fields.bool("describes_symptoms", default: false)
    return slot
  }

  private func choice(_ node: Yams.Node) -> Choice? {
    guard let fields = reader.fields(node, of: "a choice") else { return nil }
    defer { fields.finish() }
    let id = fields.string("id")
    let label = fields.string("label")
    let phrases = fields.strings("phrases")
    let overhear = fields.bool("overhear", default: true)
    let wording = fields.optional("wording").map { textTable($0, "`wording`") } ?? [:]
    guard let id, let label else { return nil }
    return Choice(
      id: id, label: label, phrases: phrases, overhear: overhear, wording: wording, location: fields.location)
  }

  private func unit(_ node: Yams.Node) -> NumberUnit? {
    guard let fields = reader.fields(node, of: "a unit") else { return nil }
    defer { fields.finish() }
    let symbol = fields.string("symbol")
    let words = fields.strings("words")
    let range = fields.required("range").map {
      reader.sequence($0, "`range`").compactMap { reader.number($0, "a bound of `range`") }
    }
    let multiply = fields.optional("multiply").flatMap { reader.number($0, "`multiply`") } ?? 1
    let add = fields.optional("add").flatMap { reader.number($0, "`add`") } ?? 0
    guard let symbol, let range else { return nil }
    guard range.count == 2, range[0] <= range[1] else {
      reader.error(fields.node, "`range` of unit `\(symbol)` should be two numbers, lowest first: [34, 43]")
      return nil
    }
    return NumberUnit(symbol: symbol, words: words, range: range[0]...range[1], multiply: multiply, add: add)
  }

  /// `year`, `month`, `any_answer`, `{countdown: 100, step: 10}` or `{copy: a sentence}`.
  private func expectation(_ node: Yams.Node) -> Slot.Expectation? {
    if case .scalar(let scalar) = node {
      switch scalar.string {
      case "year": return .year
      case "month": return .month
      case "any_answer": return .anyAnswer
      default: break
      }
    } else if let fields = reader.fields(node, of: "`expect`") {
      defer { fields.finish() }
      if fields.has("copy") { return fields.string("copy").map(Slot.Expectation.copy) }
      let start = fields.required("countdown").flatMap { reader.integer($0, "`countdown`") }
      let step = fields.required("step").flatMap { reader.integer($0, "`step`") }
      if let start, let step, step > 0 { return .countdown(start: start, step: step) }
    }
    reader.error(
      node, "`expect` should be year, month, any_answer, {countdown: 100, step: 10} or {copy: a sentence}")
    return nil
  }

  /// `{section, concepts: [{concept, finding|choice|topic|slot|node|disposition}]}`; a choice is written
  /// `slot.choice`.
  private func coverageSection(_ node: Yams.Node) -> [CoverageItem]? {
    guard let fields = reader.fields(node, of: "a coverage section") else { return nil }
    defer { fields.finish() }
    guard let section = fields.string("section"), let concepts = fields.required("concepts") else {
      return nil
    }
    return reader.sequence(concepts, "`concepts`").compactMap { item in
      guard let fields = reader.fields(item, of: "a concept") else { return nil }
      defer { fields.finish() }
      guard let concept = fields.string("concept") else { return nil }
      let kinds = ["finding", "choice", "topic", "slot", "node", "disposition"].filter(fields.has)
      guard kinds.count <= 1 else {
        reader.error(
          fields.node, "concept “\(concept)” should name one place that covers it, not \(kinds.count)")
        return nil
      }
      var target: CoverageItem.Target?
      if let kind = kinds.first, let id = fields.string(kind) {
        switch kind {
        case "finding": target = .finding(id)
        case "topic": target = .topic(id)
        case "slot": target = .slot(id)
        case "node": target = .node(id)
        case "disposition": target = .disposition(id)
        default:
          let parts = id.split(separator: ".", maxSplits: 1).map(String.init)
          guard parts.count == 2 else {
            reader.error(fields.node, "`choice` should be written slot.choice, as in therapy.rituximab")
            return nil
          }
          target = .choice(slot: parts[0], choice: parts[1])
        }
      }
      return CoverageItem(section: section, concept: concept, target: target, location: fields.location)
    }
  }

  private func topic(_ node: Yams.Node) -> Topic? {
    guard let fields = reader.fields(node, of: "a topic") else { return nil }
    defer { fields.finish() }
    let id = fields.string("id")
    if let id { fields.what = "topic `\(id)`" }
    let phrases = fields.strings("phrases")
    let answer = fields.string("answer")
    guard let id, let answer else { return nil }
    return Topic(id: id, phrases: phrases, answer: answer, location: fields.location)
  }

  private func severityRule(_ node: Yams.Node) -> SeverityRule? {
    guard let fields = reader.fields(node, of: "a severity rule") else { return nil }
    defer { fields.finish() }
    let grade = fields.required("grade").flatMap { reader.integer($0, "`grade`") }
    let label = fields.string("label")
    let condition = fields.required("when").flatMap(condition)
    guard let grade, let label, let condition else { return nil }
    return SeverityRule(grade: grade, label: label, when: condition, location: fields.location)
  }

  /// A mapping from keys to texts, such as `wording`.
  func textTable(_ node: Yams.Node, _ what: String) -> [String: String] {
    guard let fields = reader.fields(node, of: what) else { return [:] }
    var result: [String: String] = [:]
    for key in fields.keys {
      result[key] = fields.optionalString(key)
    }
    return result
  }

  private func groupTable(_ node: Yams.Node) -> [String: [String]] {
    guard let fields = reader.fields(node, of: "`groups`") else { return [:] }
    var result: [String: [String]] = [:]
    for key in fields.keys {
      result[key] = fields.strings(key)
    }
    return result
  }

  private func interrupt(_ node: Yams.Node) -> Interrupt? {
    guard let fields = reader.fields(node, of: "an interrupt") else { return nil }
    defer { fields.finish() }
    let id = fields.string("id")
    let condition = fields.required("when").flatMap(condition)
    let target = fields.string("goto")
    guard let id, let condition, let target else { return nil }
    return Interrupt(id: id, when: condition, to: target, location: fields.location)
  }

  private func node(_ node: Yams.Node) -> Node? {
    guard let fields = reader.fields(node, of: "a node") else { return nil }
    defer { fields.finish() }
    guard let id = fields.string("id") else { return nil }
    fields.what = "node `\(id)`"
    let kinds = ["say", "ask", "end", "advise"].filter(fields.has)
    guard kinds.count <= 1 else {
      reader.error(fields.node, "node `\(id)` should have at most one of `say`, `ask`, `end` or `advise`")
      return nil
    }
    let kind: Node.Kind
    switch kinds.first {
    case nil:
      kind = .decide
    case "say":
      guard let text = fields.string("say") else { return nil }
      kind = .say(text)
    case "ask":
      let slot = fields.string("ask")
      let text = fields.string("text")
      let help = fields.optionalString("help")
      let examples = fields.strings("examples")
      let also = fields.strings("also")
      guard let slot, let text else { return nil }
      kind = .ask(Node.Ask(slot: slot, text: text, help: help, examples: examples, also: also))
    case let key?:
      let disposition = fields.string(key)
      let advice = fields.string("advice")
      guard let disposition, let advice else { return nil }
      let end = Node.End(disposition: disposition, advice: advice)
      kind = key == "end" ? .end(end) : .advise(end)
    }
    let edges = fields.optional("next").map(edges) ?? []
    return Node(id: id, kind: kind, edges: edges, location: fields.location)
  }

  /// `next: target` for a single way on, or a list of `{when, goto}` tried in order.
  private func edges(_ node: Yams.Node) -> [Edge] {
    if case .scalar(let scalar) = node {
      return [Edge(to: scalar.string, location: reader.location(of: node))]
    }
    return reader.sequence(node, "`next`").compactMap { item in
      guard let fields = reader.fields(item, of: "an edge") else { return nil }
      defer { fields.finish() }
      let condition = fields.optional("when").flatMap(condition)
      guard let target = fields.string("goto") else { return nil }
      return Edge(when: condition, to: target, location: fields.location)
    }
  }

  /// One condition: a mapping with one rule key (`slot`/`in`, `slot` with a comparison, `present`,
  /// `absent`, `all`, `any`, `not`).
  private func condition(_ node: Yams.Node) -> Condition? {
    guard let fields = reader.fields(node, of: "a condition") else { return nil }
    defer { fields.finish() }
    let location = fields.location
    if let items = fields.optional("all") {
      return Condition(.all(reader.sequence(items, "`all`").compactMap(condition)), location: location)
    }
    if let items = fields.optional("any") {
      return Condition(.any(reader.sequence(items, "`any`").compactMap(condition)), location: location)
    }
    if let inner = fields.optional("not") {
      return condition(inner).map { Condition(.not($0), location: location) }
    }
    if let name = fields.optionalString("is") {
      guard let named = named[name] else {
        reader.error(
          fields.node,
          "condition `\(name)` is not declared under `conditions` (or is declared below this one)")
        return nil
      }
      return named
    }
    if fields.has("present") {
      return Condition(.present(fields.strings("present")), location: location)
    }
    if fields.has("absent") {
      return Condition(.absent(fields.strings("absent")), location: location)
    }
    guard fields.has("slot") || fields.has("count") else {
      reader.error(
        fields.node,
        "a condition needs one of `slot`, `count`, `present`, `absent`, `all`, `any`, `not` or `is`")
      return nil
    }
    if let counted = fields.optional("count") {
      let slots = reader.strings(counted, "`count`")
      let values = fields.strings("in")
      guard let least = fields.required("at_least").flatMap({ reader.integer($0, "`at_least`") }) else {
        return nil
      }
      return Condition(.count(slots: slots, values: values, atLeast: least), location: location)
    }
    guard let slot = fields.string("slot") else { return nil }
    if fields.has("in") {
      return Condition(.slotIn(slot: slot, values: fields.strings("in")), location: location)
    }
    for comparison in Condition.Comparison.allCases where fields.has(comparison.rawValue) {
      guard
        let value = fields.optional(comparison.rawValue).flatMap({
          reader.number($0, "`\(comparison.rawValue)`")
        })
      else { return nil }
      return Condition(.compare(slot: slot, comparison, value), location: location)
    }
    reader.error(
      fields.node,
      "a condition on slot `\(slot)` needs `in: [values]` or one of at_least, above, at_most, below")
    return nil
  }
}
