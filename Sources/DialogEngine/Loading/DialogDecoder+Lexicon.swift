import Yams

extension DialogDecoder {
  /// A lexicon file: `lexicon` (the dialog id it is for), `code`, `name` and `names` of its language,
  /// `language`, `messages`, `wording`, and the phrases of `findings` (`{id: {label, phrases, parts}}`),
  /// `choices` (`{slot: {choice: [phrases]}}` or `{slot: {choice: {label, phrases, wording}}}`) and
  /// `topics` (`{id: [phrases]}` or `{id: {answer, phrases}}`); a translation also has `title`, `nodes`
  /// (`{id: {say, text, help, examples, advice}}`), `dispositions` (`{id: label}`) and `slots`
  /// (`{id: {label, cues, units: {symbol: [words]}}}`).
  func lexicon(_ root: Yams.Node) -> Lexicon? {
    guard let top = reader.fields(root, of: "the lexicon file") else { return nil }
    defer { top.finish() }
    _ = top.string("lexicon")
    var lexicon = Lexicon(location: reader.location(of: root))
    lexicon.code = top.optionalString("code")
    lexicon.name = top.optionalString("name")
    lexicon.names = top.strings("names")
    lexicon.title = top.optionalString("title")
    lexicon.language = top.optional("language").flatMap(language)
    lexicon.messages = top.optional("messages").flatMap(messages)
    lexicon.wording = top.optional("wording").map { textTable($0, "`wording`") } ?? [:]
    if let node = top.optional("findings"), let findings = reader.fields(node, of: "`findings`") {
      defer { findings.finish() }
      for id in findings.keys {
        guard let value = findings.optional(id), let fields = reader.fields(value, of: "finding `\(id)`")
        else {
          continue
        }
        defer { fields.finish() }
        let parts = fields.optional("parts").map { self.parts($0, of: id) } ?? []
        lexicon.findings[id] = Lexicon.Entry(
          phrases: fields.strings("phrases"), parts: parts, text: fields.optionalString("label"),
          location: reader.location(of: value))
      }
    }
    if let node = top.optional("choices"), let slots = reader.fields(node, of: "`choices`") {
      defer { slots.finish() }
      for slot in slots.keys {
        guard let value = slots.optional(slot),
          let choices = reader.fields(value, of: "the choices of `\(slot)`")
        else { continue }
        defer { choices.finish() }
        for choice in choices.keys {
          guard let words = choices.optional(choice) else { continue }
          lexicon.choices[slot, default: [:]][choice] = entry(
            words, text: "label", what: "`\(slot).\(choice)`", wording: true)
        }
      }
    }
    if let node = top.optional("topics"), let topics = reader.fields(node, of: "`topics`") {
      defer { topics.finish() }
      for id in topics.keys {
        guard let words = topics.optional(id) else { continue }
        lexicon.topics[id] = entry(words, text: "answer", what: "topic `\(id)`", wording: false)
      }
    }
    if let node = top.optional("nodes"), let nodes = reader.fields(node, of: "`nodes`") {
      defer { nodes.finish() }
      for id in nodes.keys {
        guard let value = nodes.optional(id),
          let fields = reader.fields(value, of: "the texts of node `\(id)`")
        else { continue }
        defer { fields.finish() }
        lexicon.nodes[id] = Lexicon.NodeTexts(
          say: fields.optionalString("say"), text: fields.optionalString("text"),
          help: fields.optionalString("help"),
          examples: fields.has("examples") ? fields.strings("examples") : nil,
          advice: fields.optionalString("advice"), location: reader.location(of: value))
      }
    }
    if let node = top.optional("dispositions"), let dispositions = reader.fields(node, of: "`dispositions`") {
      defer { dispositions.finish() }
      for id in dispositions.keys {
        guard let value = dispositions.optional(id), let label = reader.string(value, "the label of `\(id)`")
        else { continue }
        lexicon.dispositions[id] = (label, reader.location(of: value))
      }
    }
    if let node = top.optional("slots"), let slots = reader.fields(node, of: "`slots`") {
      defer { slots.finish() }
      for id in slots.keys {
        guard let value = slots.optional(id),
          let fields = reader.fields(value, of: "the words of slot `\(id)`")
        else { continue }
        defer { fields.finish() }
        var words = Lexicon.SlotWords(
          label: fields.optionalString("label"), cues: fields.has("cues") ? fields.strings("cues") : nil,
          pair: fields.has("pair") ? fields.strings("pair") : nil, copy: fields.optionalString("copy"),
          location: reader.location(of: value))
        if let units = fields.optional("units"), let table = reader.fields(units, of: "`units` of `\(id)`") {
          defer { table.finish() }
          // `°C: [grados, c]`, or `years: {shown: años, words: [años, anos]}`.
          for symbol in table.keys {
            guard let unit = table.optional(symbol) else { continue }
            if case .mapping = unit, let fields = reader.fields(unit, of: "unit `\(symbol)` of `\(id)`") {
              defer { fields.finish() }
              words.units[symbol] = (fields.strings("words"), fields.optionalString("shown"))
            } else {
              words.units[symbol] = (reader.strings(unit, "the words of unit `\(symbol)`"), nil)
            }
          }
        }
        lexicon.slots[id] = words
      }
    }
    return lexicon
  }

  /// A list of phrases, or a mapping with `phrases`, the text named `text` and, for a choice, `wording`.
  private func entry(_ node: Yams.Node, text: String, what: String, wording: Bool) -> Lexicon.Entry {
    guard case .mapping = node, let fields = reader.fields(node, of: what) else {
      return Lexicon.Entry(
        phrases: reader.strings(node, "the phrases of \(what)"), location: reader.location(of: node))
    }
    defer { fields.finish() }
    return Lexicon.Entry(
      phrases: fields.strings("phrases"), text: fields.optionalString(text),
      wording: wording ? fields.optional("wording").map { textTable($0, "`wording` of \(what)") } : nil,
      location: reader.location(of: node))
  }
}
