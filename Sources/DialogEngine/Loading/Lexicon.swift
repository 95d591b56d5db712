/// The words of a dialog in one language, kept in a file of their own so that a clinician reviews the
/// medicine in one place and a translator edits the words in another. The dialog's own language file
/// (`lexicon: crs.en.yaml`) holds the phrases of findings, choices and topics, the language section,
/// the engine's messages and the default wording; a translation (`languages: [crs.es.yaml]`) holds the
/// same and, in place of the dialog file's texts, every text a patient is shown.
struct Lexicon {
  /// Phrases for a finding, a choice or a topic, the text shown for it in a translation, and where they
  /// are written.
  struct Entry {
    var phrases: [String]
    var parts: [[String]] = []
    /// A finding's or a choice's label, a topic's answer.
    var text: String?
    /// A choice's wording (`usted: su hijo`).
    var wording: [String: String]?
    var location: SourceLocation
  }

  /// What a translation says for a node: the text of its question, its help and examples, what it says,
  /// or its advice.
  struct NodeTexts {
    var say: String?
    var text: String?
    var help: String?
    var examples: [String]?
    var advice: String?
    var location: SourceLocation
  }

  /// A slot's label and the words that show a number is its own, in a translation.
  struct SlotWords {
    var label: String?
    var cues: [String]?
    /// By unit symbol (`°C`): the words for the unit, and how it is shown if not as its symbol.
    var units: [String: (words: [String], shown: String?)] = [:]
    /// The words between the two numbers of a pair ("110 sobre 70").
    var pair: [String]?
    /// The sentence a writing check asks to copy, in this language.
    var copy: String?
    var location: SourceLocation
  }

  /// Where the file starts, for what is missing from it.
  var location: SourceLocation
  var code: String?
  var name: String?
  /// Words a patient may type to choose this language ("español", "spanish").
  var names: [String] = []
  var title: String?
  var language: Language?
  var messages: Messages?
  var wording: [String: String] = [:]
  /// By finding id.
  var findings: [String: Entry] = [:]
  /// By slot id, then choice id.
  var choices: [String: [String: Entry]] = [:]
  /// By topic id.
  var topics: [String: Entry] = [:]
  var nodes: [String: NodeTexts] = [:]
  /// By disposition id: its label.
  var dispositions: [String: (label: String, location: SourceLocation)] = [:]
  var slots: [String: SlotWords] = [:]

  /// The dialog with these words added to its own, and these texts in place of its own; an id the dialog
  /// does not declare is reported.
  func apply(to dialog: inout Dialog, reporting report: (SourceLocation, String) -> Void) {
    if let code { dialog.code = code }
    if let name { dialog.languageName = name }
    dialog.languageNames = names
    if let title { dialog.title = title }
    for (id, entry) in findings.sorted(by: { $0.key < $1.key }) {
      guard let index = dialog.findings.firstIndex(where: { $0.id == id }) else {
        report(entry.location, "the lexicon has words for finding `\(id)`, which the dialog does not declare")
        continue
      }
      dialog.findings[index].phrases += entry.phrases
      dialog.findings[index].parts += entry.parts
      if let label = entry.text { dialog.findings[index].label = label }
    }
    for (slotID, entries) in choices.sorted(by: { $0.key < $1.key }) {
      guard let slotIndex = dialog.slots.firstIndex(where: { $0.id == slotID }),
        case .choice(var options) = dialog.slots[slotIndex].kind
      else {
        for entry in entries.values {
          report(entry.location, "the lexicon has words for choices of `\(slotID)`, which is no choice slot")
        }
        continue
      }
      for (choiceID, entry) in entries.sorted(by: { $0.key < $1.key }) {
        guard let index = options.firstIndex(where: { $0.id == choiceID }) else {
          report(entry.location, "the lexicon has words for `\(slotID).\(choiceID)`, which is not declared")
          continue
        }
        options[index].phrases += entry.phrases
        if let label = entry.text { options[index].label = label }
        if let wording = entry.wording { options[index].wording = wording }
      }
      dialog.slots[slotIndex].kind = .choice(options)
    }
    for (id, entry) in topics.sorted(by: { $0.key < $1.key }) {
      guard let index = dialog.topics.firstIndex(where: { $0.id == id }) else {
        report(entry.location, "the lexicon has words for topic `\(id)`, which the dialog does not declare")
        continue
      }
      dialog.topics[index].phrases += entry.phrases
      if let answer = entry.text { dialog.topics[index].answer = answer }
    }
    for (id, texts) in nodes.sorted(by: { $0.key < $1.key }) {
      guard let index = dialog.nodes.firstIndex(where: { $0.id == id }) else {
        report(texts.location, "the lexicon has texts for node `\(id)`, which the dialog does not declare")
        continue
      }
      dialog.nodes[index].kind = texts.applied(to: dialog.nodes[index].kind)
    }
    for (id, label) in dispositions.sorted(by: { $0.key < $1.key }) {
      guard let index = dialog.dispositions.firstIndex(where: { $0.id == id }) else {
        report(label.location, "the lexicon has a label for disposition `\(id)`, which is not declared")
        continue
      }
      dialog.dispositions[index].label = label.label
    }
    for (id, words) in slots.sorted(by: { $0.key < $1.key }) {
      guard let index = dialog.slots.firstIndex(where: { $0.id == id }) else {
        report(words.location, "the lexicon has words for slot `\(id)`, which the dialog does not declare")
        continue
      }
      words.apply(to: &dialog.slots[index], reporting: report)
    }
  }

  /// The texts a translation lacks, each at the place in the dialog file whose text it should translate,
  /// so that a translator sees what is missing and where its original stands.
  func missingTexts(of dialog: Dialog, file: String) -> [(SourceLocation, String)] {
    let language = "the \(code ?? "translation") words (\(file))"
    var missing: [(SourceLocation, String)] = []
    for node in dialog.nodes {
      let texts = nodes[node.id]
      switch node.kind {
      case .say:
        if texts?.say == nil {
          missing.append((node.location, "node `\(node.id)` has no `say` in \(language)"))
        }
      case .ask(let ask):
        if texts?.text == nil {
          missing.append((node.location, "node `\(node.id)` has no `text` in \(language)"))
        }
        if ask.help != nil, texts?.help == nil {
          missing.append((node.location, "node `\(node.id)` has no `help` in \(language)"))
        }
        if !ask.examples.isEmpty, texts?.examples == nil {
          missing.append((node.location, "node `\(node.id)` has no `examples` in \(language)"))
        }
      case .end, .advise:
        if texts?.advice == nil {
          missing.append((node.location, "node `\(node.id)` has no `advice` in \(language)"))
        }
      case .decide: break
      }
    }
    for disposition in dialog.dispositions where dispositions[disposition.id] == nil {
      missing.append((disposition.location, "disposition `\(disposition.id)` has no label in \(language)"))
    }
    for finding in dialog.findings {
      let entry = findings[finding.id]
      if entry?.text == nil {
        missing.append((finding.location, "finding `\(finding.id)` has no `label` in \(language)"))
      }
      // A finding with no words in a language can never be understood in it.
      if !finding.holdsNotUnderstood, entry?.phrases.isEmpty ?? true, entry?.parts.isEmpty ?? true {
        missing.append((finding.location, "finding `\(finding.id)` has no `phrases` in \(language)"))
      }
    }
    for slot in dialog.slots {
      if slots[slot.id]?.label == nil {
        missing.append((slot.location, "slot `\(slot.id)` has no `label` in \(language)"))
      }
      for choice in slot.choices {
        let entry = choices[slot.id]?[choice.id]
        if entry?.text == nil {
          missing.append((choice.location, "choice `\(slot.id).\(choice.id)` has no `label` in \(language)"))
        }
        if !choice.wording.isEmpty, entry?.wording == nil {
          missing.append(
            (choice.location, "choice `\(slot.id).\(choice.id)` has no `wording` in \(language)"))
        }
      }
    }
    for topic in dialog.topics where topics[topic.id]?.text == nil {
      missing.append((topic.location, "topic `\(topic.id)` has no `answer` in \(language)"))
    }
    if code == nil { missing.append((location, "the translation has no `code` (such as `es`)")) }
    return missing
  }
}

extension Lexicon.NodeTexts {
  /// The node's kind with these texts in place of the dialog file's.
  func applied(to kind: Node.Kind) -> Node.Kind {
    switch kind {
    case .say(let text): return .say(say ?? text)
    case .ask(var ask):
      ask.text = text ?? ask.text
      ask.help = help ?? ask.help
      ask.examples = examples ?? ask.examples
      return .ask(ask)
    case .end(var end):
      end.advice = advice ?? end.advice
      return .end(end)
    case .advise(var end):
      end.advice = advice ?? end.advice
      return .advise(end)
    case .decide: return kind
    }
  }
}

extension Lexicon.SlotWords {
  /// The slot with these words in place of the dialog file's.
  func apply(to slot: inout Slot, reporting report: (SourceLocation, String) -> Void) {
    if let label { slot.label = label }
    if let cues { slot.cues = cues }
    if let pair { slot.pairSeparators = pair }
    if let copy {
      guard case .check(.copy) = slot.kind else {
        report(location, "slot `\(slot.id)` copies no sentence, so it takes no `copy`")
        return
      }
      slot.kind = .check(.copy(copy))
    }
    guard !units.isEmpty else { return }
    guard case .number(var declared) = slot.kind else {
      report(location, "the lexicon has unit words for slot `\(slot.id)`, which holds no number")
      return
    }
    for (symbol, unit) in units.sorted(by: { $0.key < $1.key }) {
      guard let index = declared.firstIndex(where: { $0.symbol == symbol }) else {
        report(location, "slot `\(slot.id)` has no unit `\(symbol)`")
        continue
      }
      declared[index].words = unit.words
      declared[index].shown = unit.shown
    }
    slot.kind = .number(declared)
  }
}
