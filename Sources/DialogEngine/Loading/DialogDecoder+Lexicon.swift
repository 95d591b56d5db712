import Yams

extension DialogDecoder {
  /// A lexicon file: `lexicon` (the dialog id it is for), `language`, `messages`, `wording`, and the
  /// phrases of `findings` (`{id: {phrases, parts}}`), `choices` (`{slot: {choice: [phrases]}}`) and
  /// `topics` (`{id: [phrases]}`).
  func lexicon(_ root: Yams.Node) -> Lexicon? {
    guard let top = reader.fields(root, of: "the lexicon file") else { return nil }
    defer { top.finish() }
    _ = top.string("lexicon")
    var lexicon = Lexicon()
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
          phrases: fields.strings("phrases"), parts: parts, location: reader.location(of: value))
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
          guard let phrases = choices.optional(choice) else { continue }
          lexicon.choices[slot, default: [:]][choice] = Lexicon.Entry(
            phrases: reader.strings(phrases, "the phrases of `\(slot).\(choice)`"),
            location: reader.location(of: phrases))
        }
      }
    }
    if let node = top.optional("topics"), let topics = reader.fields(node, of: "`topics`") {
      defer { topics.finish() }
      for id in topics.keys {
        guard let phrases = topics.optional(id) else { continue }
        lexicon.topics[id] = Lexicon.Entry(
          phrases: reader.strings(phrases, "the phrases of topic `\(id)`"),
          location: reader.location(of: phrases))
      }
    }
    return lexicon
  }
}
