import Yams

extension DialogDecoder {
  func language(_ node: Yams.Node) -> Language? {
    guard let fields = reader.fields(node, of: "`language`") else { return nil }
    defer { fields.finish() }
    let weekdays = forms(fields, "weekdays", count: 7)
    let months = forms(fields, "months", count: 12)
    var commands: [Language.Command: [String]] = [:]
    if let commandNode = fields.required("commands"),
      let commandFields = reader.fields(commandNode, of: "`commands`")
    {
      for command in Language.Command.allCases {
        commands[command] = commandFields.required(command.rawValue).map {
          reader.strings($0, "`\(command.rawValue)` of `commands`")
        }
      }
      commandFields.finish()
    }
    var language = Language(
      yes: words(fields, "yes"), no: words(fields, "no"), none: words(fields, "none"),
      unknown: words(fields, "unknown"), negation: words(fields, "negation"),
      negationAfter: words(fields, "negation_after"), uncertainty: words(fields, "uncertainty"),
      clauseBreaks: words(fields, "clause_breaks"), conjunctions: fields.strings("conjunctions"),
      numbers: table(fields, "numbers"),
      timeUnits: table(fields, "time_units"), relativeDays: table(fields, "relative_days"),
      weekdays: weekdays, months: months, commands: commands)
    language.negationStops = fields.strings("negation_stops")
    language.negationContinues = fields.strings("negation_continues")
    language.shorthand = fields.optional("shorthand").map { textTable($0, "`shorthand`") } ?? [:]
    language.fillers = fields.strings("fillers")
    language.wordGroups =
      fields.optional("word_groups").map { node in
        guard let groups = reader.fields(node, of: "`word_groups`") else { return [:] }
        defer { groups.finish() }
        return Dictionary(uniqueKeysWithValues: groups.keys.map { ($0, groups.strings($0)) })
      } ?? [:]
    language.symptomHints = fields.strings("symptom_hints")
    language.functionWords = fields.strings("function_words")
    language.decimalComma = fields.bool("decimal_comma", default: false)
    return language
  }

  func messages(_ node: Yams.Node) -> Messages? {
    guard let fields = reader.fields(node, of: "`messages`") else { return nil }
    defer { fields.finish() }
    let text = { (key: String) in fields.string(key) ?? "" }
    var notices: [Messages.Notice: String] = [:]
    if let node = fields.optional("notices"), let table = reader.fields(node, of: "`notices` of `messages`") {
      defer { table.finish() }
      for notice in Messages.Notice.allCases {
        if let words = table.optionalString(notice.rawValue) { notices[notice] = words }
      }
    }
    var messages = Messages(
      understood: text("understood"), known: text("known"), notUnderstood: text("not_understood"),
      examples: text("examples"),
      choiceHint: text("choice_hint"), unknownAccepted: text("unknown_accepted"), help: text("help"),
      back: text("back"), cannotGoBack: text("cannot_go_back"), restart: text("restart"),
      goodbye: text("goodbye"), ended: text("ended"), absent: text("absent"), uncertain: text("uncertain"),
      today: text("today"), dayAgo: text("day_ago"), daysAgo: text("days_ago"),
      unread: fields.optionalString("unread") ?? "I did not understand: {text}.",
      movingOn: fields.optionalString("moving_on") ?? text("not_understood"),
      hoursAgo: fields.optionalString("hours_ago") ?? "", notYet: fields.optionalString("not_yet") ?? "",
      languageOffer: fields.optionalString("language_offer") ?? "")
    messages.notices = notices
    return messages
  }

  private func words(_ fields: YAMLReader.Fields, _ key: String) -> [String] {
    fields.required(key).map { reader.strings($0, "`\(key)` of `language`") } ?? []
  }

  /// A mapping from words to numbers, such as `week: 7`.
  private func table(_ fields: YAMLReader.Fields, _ key: String) -> [String: Double] {
    guard let node = fields.required(key), let table = reader.fields(node, of: "`\(key)`") else { return [:] }
    var result: [String: Double] = [:]
    for word in table.keys {
      if let value = table.optional(word).flatMap({ reader.number($0, "`\(word)` in `\(key)`") }) {
        result[word] = value
      }
    }
    return result
  }

  /// A fixed number of entries, each a list of the forms of one name (`[monday, mon]`).
  private func forms(_ fields: YAMLReader.Fields, _ key: String, count: Int) -> [[String]] {
    guard let node = fields.required(key) else { return [] }
    let entries = reader.sequence(node, "`\(key)`").map { reader.strings($0, "an entry of `\(key)`") }
    if entries.count != count {
      reader.error(node, "`\(key)` should have \(count) entries, but it has \(entries.count)")
    }
    return entries
  }
}
