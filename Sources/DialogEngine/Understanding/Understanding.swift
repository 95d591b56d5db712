import Foundation

/// Reads a patient's line into findings, slot values and commands, using only the phrases of the dialog:
/// lay synonyms, misspellings within a small edit distance, negation and uncertainty with a clause as
/// their scope (after NegEx), numbers with units, and times. Deterministic and free of I/O.
public struct Understanding: Sendable {
  enum Answer: Sendable, Hashable {
    case yes
    case no
    case none
    case unknown
  }

  /// In the dialog's order, which is the order overheard values are reported back.
  private let slots: [Slot]
  private let corrector: SpellingCorrector
  private let findingReader: FindingReader
  private let answers: PhraseMatcher<Answer>
  private let unknowns: PhraseMatcher<Answer>
  private let commands: [[String]: Language.Command]
  // Tables looked up by slot or word at every turn are `WordTable`s, not Dictionaries: hashing strings
  // was a large share of a turn.
  private let choices: WordTable<PhraseMatcher<String>>
  private let units: WordTable<PhraseMatcher<Int>>
  private let slotCues: WordTable<PhraseMatcher<Bool>>
  private let durations: DurationReader
  private let joiners: Set<String>
  private let topics: PhraseMatcher<String>
  private let pairSeparators: WordTable<Set<String>>
  /// Every number slot's cues, to tell whose a number is.
  private let numberCues: PhraseMatcher<String>
  /// The values each number slot can hold, in any of its units.
  private let plausible: [String: [ClosedRange<Double>]]
  /// Number slots that hold only whole numbers.
  private let wholeSlots: Set<String>
  /// The choices of each slot that may be overheard, which alone count as cues for `cues_from`.
  private let overhearable: WordTable<Set<String>>
  private let shorthand: WordTable<[Token]>
  /// The words of times and dates, which count as understood wherever they stand.
  private let timeWords: Set<String>
  /// The stem of every known word, worked out once.
  private let stems: WordTable<String>
  /// Every word this language knows, to tell which language a line is in.
  let words: Set<String>
  private let decimalComma: Bool
  /// Commands of one word, which are never words not understood.
  private let commandWords: Set<String>
  private let functionWords: Set<String>
  private let symptomHints: Set<String>
  /// The finding that holds symptom-like words that were not understood, if the dialog has one.
  private let notUnderstood: String?

  public init(dialog: Dialog) {
    let language = dialog.language
    slots = dialog.slots
    findingReader = FindingReader(dialog: dialog)
    answers = PhraseMatcher(
      language.yes.map { ($0, .yes) } + language.no.map { ($0, .no) } + language.none.map { ($0, .none) })
    unknowns = PhraseMatcher(language.unknown.map { ($0, .unknown) })
    var commands: [[String]: Language.Command] = [:]
    for (command, phrases) in language.commands {
      for phrase in phrases { commands[Tokenizer.words(phrase)] = command }
    }
    self.commands = commands
    var choices: [String: PhraseMatcher<String>] = [:]
    var units: [String: PhraseMatcher<Int>] = [:]
    var slotCues: [String: PhraseMatcher<Bool>] = [:]
    for slot in dialog.slots {
      switch slot.kind {
      case .choice(let options):
        choices[slot.id] = PhraseMatcher(
          options.flatMap { choice in ([choice.label] + choice.phrases).map { ($0, choice.id) } })
      case .number(let declared):
        units[slot.id] = PhraseMatcher(
          declared.enumerated().flatMap { index, unit in unit.words.map { ($0, index) } })
      default: break
      }
      slotCues[slot.id] = PhraseMatcher(slot.cues.map { ($0, true) })
    }
    self.choices = WordTable(choices.map { ($0.key, $0.value) })
    self.units = WordTable(units.map { ($0.key, $0.value) })
    self.slotCues = WordTable(slotCues.map { ($0.key, $0.value) })
    numberCues = PhraseMatcher(
      dialog.slots.filter { if case .number = $0.kind { true } else { false } }.flatMap { slot in
        slot.cues.map { ($0, slot.id) }
      })
    plausible = Dictionary(
      dialog.slots.compactMap { slot in
        if case .number(let declared) = slot.kind { (slot.id, declared.map(\.range)) } else { nil }
      },
      uniquingKeysWith: { first, _ in first })
    wholeSlots = Set(dialog.slots.filter(\.isWhole).map(\.id))
    overhearable = WordTable(dialog.slots.map { ($0.id, Set($0.choices.filter(\.overhear).map(\.id))) })
    pairSeparators = WordTable(
      dialog.slots.filter { !$0.pairSeparators.isEmpty }.map {
        ($0.id, Set($0.pairSeparators.flatMap(Tokenizer.words)))
      })
    durations = DurationReader(language: language)
    shorthand = WordTable(language.shorthand.mapValues(Tokenizer.tokens).map { ($0.key, $0.value) })
    timeWords = durations.vocabulary
    commandWords = Set(commands.keys.filter { $0.count == 1 }.map { $0[0] })
    functionWords = Set(language.functionWords.flatMap(Tokenizer.words))
    symptomHints = Set(language.symptomHints.flatMap(Tokenizer.words).map(Stemmer.stem))
    notUnderstood = dialog.findings.first(where: \.holdsNotUnderstood)?.id
    joiners = Set(language.conjunctions.flatMap(Tokenizer.words))
    topics = PhraseMatcher(dialog.topics.flatMap { topic in topic.phrases.map { ($0, topic.id) } })
    let vocabulary =
      [
        findingReader.vocabulary, answers.vocabulary, unknowns.vocabulary, Set(commands.keys.flatMap { $0 }),
        durations.vocabulary, joiners, topics.vocabulary,
        // Known everyday words are never "corrected" into a medical one ("seen" is not "seven").
        functionWords, Set(language.fillers.flatMap(Tokenizer.words)),
      ] + choices.values.map(\.vocabulary) + units.values.map(\.vocabulary)
      + slotCues.values.map(\.vocabulary)
    words = vocabulary.reduce(into: Set<String>()) { $0.formUnion($1) }
    stems = WordTable(words.map { ($0, Stemmer.stem($0)) })
    decimalComma = language.decimalComma
    corrector = SpellingCorrector(
      vocabulary: vocabulary.reduce(into: Set()) { $0.formUnion($1) },
      protected: findingReader.cues.vocabulary.union(answers.vocabulary).union(unknowns.vocabulary))
  }

  /// What `line` says. `asking` is the question on screen, and `alsoAsking` any slot it asks for too
  /// ("Who is this about?" takes an age): bare answers ("yes", "2", "38.5") count only for them, while
  /// findings and overheard slots are read from any line.
  public func read(
    _ text: String, asking asked: Slot?, alsoAsking also: [Slot] = [], today: Date, calendar: Calendar
  ) -> Reading {
    let text = decimalComma ? Self.decimalPoints(text) : text
    let spoken = Line(
      expanded(Tokenizer.tokens(text)), corrector: corrector, cues: findingReader.cues, stems: stems)
    let (observations, covered) = findingReader.observations(in: spoken)
    if let command = commands[spoken.contentWords] {
      // Findings are still read: a command word that is also an emergency phrase must not hide it.
      return Reading(observations: observations, command: command)
    }
    var reading = Reading(observations: observations)
    let questions = topics.matches(in: spoken.words)
    for match in questions where !reading.topics.contains(match.payload) {
      reading.topics.append(match.payload)
    }
    // Values are read around the questions asked, never from them.
    let line = spoken.masking(questions.map(\.range))
    let asking = ([asked].compactMap { $0 } + also)
    // Found once for every number slot; most lines hold no number and need none.
    let cues = line.kinds.contains(.number) ? numberCues.matches(in: line.words) : []
    for slot in slots where slot.overhear && !asking.contains(where: { $0.id == slot.id }) {
      if let fill = overheard(slot, in: line, numberCues: cues, today: today, calendar: calendar) {
        reading.fills.append(fill)
      }
    }
    for slot in asking.reversed() {
      if let fill = answer(
        to: slot, in: line, typed: text, numberCues: cues, observations: &reading.observations, today: today,
        calendar: calendar
      ) {
        reading.fills.insert(fill, at: 0)
      }
    }
    if case .check? = asked?.kind {
      // Any words can answer a check ("Boston"): none of them is a symptom left unread.
      return reading
    }
    var runs = unread(
      in: line, covered: covered + questions.map(\.range), filled: Set(reading.fills.map(\.slot)))
    // A sentence of everyday words that said nothing the engine knows ("dad can't tell me where he is
    // or why") is kept whole: it is a description, not small talk.
    let understoodNothing =
      reading.observations.isEmpty && reading.topics.isEmpty
      && reading.fills.allSatisfy { if case .text = $0.value { true } else { false } }
    if understoodNothing, runs.isEmpty, line.contentWords.count >= 4 {
      runs = [0..<line.words.count]
    }
    reading.unread = runs.map(line.text)
    // In answer to a question about how they are, anything not understood is taken for a symptom;
    // elsewhere, only words that sound like one ("my tongue feels thick").
    let symptomLike =
      asked?.describesSymptoms == true
      ? runs : runs.filter { line.stems[$0].contains(where: symptomHints.contains) }
    if let notUnderstood, !symptomLike.isEmpty {
      reading.observations.append(
        Observation(
          finding: notUnderstood, present: true, uncertain: true,
          words: symptomLike.map(line.text).joined(separator: "; ")))
    }
    return reading
  }

  /// "38,5" written "38.5": a comma between two or more digits and one or two more is a decimal comma.
  static func decimalPoints(_ text: String) -> String {
    guard text.utf8.contains(UInt8(ascii: ",")) else { return text }
    var bytes = Array(text.utf8)
    func isDigit(_ index: Int) -> Bool {
      bytes.indices.contains(index) && (0x30...0x39).contains(bytes[index])
    }
    for index in bytes.indices where bytes[index] == UInt8(ascii: ",") {
      // One or two digits after it: "1,000" is a thousand, not a decimal.
      let after = isDigit(index + 1) && !(isDigit(index + 2) && isDigit(index + 3))
      if isDigit(index - 1), isDigit(index - 2), after {
        bytes[index] = UInt8(ascii: ".")
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The tokens with short forms written out: "r u ok" is "are you ok", "idk" is "i dont know".
  private func expanded(_ tokens: [Token]) -> [Token] {
    guard !shorthand.isEmpty, tokens.contains(where: { $0.kind == .word && shorthand[$0.text] != nil }) else {
      return tokens
    }
    return tokens.flatMap { token in token.kind == .word ? shorthand[token.text] ?? [token] : [token] }
  }

  // MARK: What was not understood

  /// The stretches of a line that nothing understood: runs of words outside every match, between
  /// punctuation, with the function words at their edges trimmed ("my tongue feels thick"). A slot's
  /// words count as understood only when the slot was filled: "his o2 sats are terrible" names the oxygen
  /// but gives no reading, so it is not understood.
  private func unread(in line: Line, covered ranges: [Range<Int>], filled: Set<String>) -> [Range<Int>] {
    var covered = line.kinds.map { $0 != .word }
    for range in ranges { for position in range where position < covered.count { covered[position] = true } }
    var known: [Range<Int>] = answers.matches(in: line.words).map(\.range)
    known += unknowns.matches(in: line.words).map(\.range)
    for slot in filled {
      known += choices[slot]?.matches(in: line.words).map(\.range) ?? []
      known += slotCues[slot]?.matches(in: line.words).map(\.range) ?? []
      known += units[slot]?.matches(in: line.words).map(\.range) ?? []
    }
    for range in known { for position in range { covered[position] = true } }
    var runs: [Range<Int>] = []
    var start: Int?
    func close(at end: Int) {
      defer { start = nil }
      guard var low = start else { return }
      var high = end
      while low < high, functionWords.contains(line.words[low]) { low += 1 }
      while high > low, functionWords.contains(line.words[high - 1]) { high -= 1 }
      if low < high { runs.append(low..<high) }
    }
    for (position, word) in line.words.enumerated() {
      if covered[position] || word.isEmpty || timeWords.contains(word) || joiners.contains(word)
        || commandWords.contains(word)
      {
        // An understood word ends a fragment; function words stay inside one ("tongue feels thick").
        close(at: position)
      } else if start == nil {
        start = position
      }
    }
    close(at: line.words.count)
    return runs
  }

  // MARK: Answers to the question asked

  private func answer(
    to slot: Slot, in line: Line, typed: String, numberCues: [PhraseMatcher<String>.Match],
    observations: inout [Observation], today: Date, calendar: Calendar
  ) -> Reading.Fill? {
    let whole = line.text(0..<line.words.count)
    switch slot.kind {
    case .choice(let options):
      if let index = line.soleNumbers(joiners: joiners), index.count == 1,
        options.indices.contains(index[0] - 1)
      {
        return Reading.Fill(slot: slot.id, value: .choice(id: options[index[0] - 1].id), words: whole)
      }
      // A choice that may be overheard outranks one that may not: in "no, I had Kymriah" the treatment is
      // the answer, in "I'm worried about my son" the son is.
      let matches = choices[slot.id]?.matches(in: line.words) ?? []
      if let match = matches.first(where: { overhearable[slot.id]?.contains($0.payload) == true })
        ?? matches.first
      {
        return Reading.Fill(slot: slot.id, value: .choice(id: match.payload), words: line.text(match.range))
      }
    case .yesNo:
      switch firstAnswer(in: line) {
      case (.yes, let words)?: return Reading.Fill(slot: slot.id, value: .yesNo(true), words: words)
      case (.no, let words)?, (.none, let words)?:
        return Reading.Fill(slot: slot.id, value: .yesNo(false), words: words)
      default: break
      }
    case .number:
      if let fill = number(for: slot, in: line, cues: numberCues, needsCue: false) { return fill }
    case .duration:
      if let found = durations.read(line.words, in: 0..<line.words.count, today: today, calendar: calendar) {
        return Reading.Fill(slot: slot.id, value: .days(found.days), words: found.words)
      }
    case .findings(let options):
      if let fill = findingsAnswer(slot, options: options, in: line, observations: &observations) {
        return fill
      }
    case .check(let expectation):
      if let passed = check(expectation, in: line, today: today, calendar: calendar) {
        return Reading.Fill(slot: slot.id, value: .check(passed: passed), words: whole)
      }
      if case (.unknown, let words)? = firstAnswer(in: line) {
        // Not knowing the answer to a check question is a miss, as the ICE score counts it.
        return Reading.Fill(slot: slot.id, value: .check(passed: false), words: words)
      }
      if case .anyAnswer = expectation, !whole.isEmpty {
        return Reading.Fill(slot: slot.id, value: .check(passed: true), words: whole)
      }
    case .text:
      // Kept as typed, not as normalised words: it is the patient's own account.
      var scalars = Substring(typed).unicodeScalars
      while scalars.first?.properties.isWhitespace == true { scalars.removeFirst() }
      while scalars.last?.properties.isWhitespace == true { scalars.removeLast() }
      let typed = String(scalars)
      return typed.isEmpty ? nil : Reading.Fill(slot: slot.id, value: .text(typed), words: typed)
    }
    switch (slot.kind, firstAnswer(in: line)) {
    case (_, (.unknown, let words)?):
      return Reading.Fill(slot: slot.id, value: .unknown, words: words)
    case (.number, (.no, let words)?), (.number, (.none, let words)?), (.duration, (.no, let words)?),
      (.duration, (.none, let words)?):
      // "No" to "what was your temperature?" means it was not measured: not known, not absent.
      return Reading.Fill(slot: slot.id, value: .unknown, words: words)
    default:
      return nil
    }
  }

  /// Named options win over "yes"/"no"; numbers pick options from the list; "yes" alone affirms.
  private func findingsAnswer(
    _ slot: Slot, options: [String], in line: Line, observations: inout [Observation]
  ) -> Reading.Fill? {
    // Numbers first on the line pick options ("3, but no chest pain"); named options count too.
    let picks = line.leadingNumbers(joiners: joiners) { durations.isTimeUnit(at: $0, in: line.words) }
      .filter { options.indices.contains($0 - 1) }
    for pick in picks where !observations.contains(where: { $0.finding == options[pick - 1] && $0.present }) {
      observations.removeAll { $0.finding == options[pick - 1] }
      observations.append(Observation(finding: options[pick - 1], present: true, words: "\(pick)"))
    }
    let mentioned = observations.filter { options.contains($0.finding) }
    let present = mentioned.filter(\.present).map(\.finding)
    if !present.isEmpty {
      return Reading.Fill(
        slot: slot.id, value: .findings(present), words: mentioned.map(\.words).joined(separator: ", "))
    }
    let answer = firstAnswer(in: line)
    if !mentioned.isEmpty {
      // Denying one option says nothing of the others, unless the patient also says "none".
      guard case (.none, let words)? = answer else { return nil }
      return Reading.Fill(slot: slot.id, value: .findings([]), words: words)
    }
    switch answer {
    case (.no, let words)?, (.none, let words)?:
      return Reading.Fill(slot: slot.id, value: .findings([]), words: words)
    case (.yes, let words)?: return Reading.Fill(slot: slot.id, value: .affirmed, words: words)
    default: return nil
    }
  }

  /// Whether the line answers a check question rightly; nil when it holds no answer to judge.
  private func check(_ expectation: Slot.Expectation, in line: Line, today: Date, calendar: Calendar) -> Bool?
  {
    let numbers = line.words.indices.filter { line.kinds[$0] == .number }.compactMap { Int(line.words[$0]) }
    switch expectation {
    case .year:
      guard let year = numbers.first(where: { $0 >= 1000 }) else { return nil }
      return year == calendar.component(.year, from: today)
    case .month:
      let month = line.words.lazy.compactMap(durations.month).first ?? numbers.first.map { $0 - 1 }
      guard let month else { return nil }
      return month + 1 == calendar.component(.month, from: today)
    case .countdown(let start, let step):
      let said = line.words.compactMap { Int($0) ?? durations.number($0).flatMap { Int(exactly: $0) } }
      guard !said.isEmpty else { return nil }
      let expected = Array(stride(from: start - step, to: 0, by: -step))
      let counted = said.drop { $0 == start }.prefix { $0 != 0 }
      return Array(counted) == expected
    case .copy(let sentence):
      // Three in four of its words, in order or not: a typo is no failure, lost words are.
      let expected = Tokenizer.words(sentence)
      guard !line.contentWords.isEmpty else { return nil }
      let typed = Set(line.contentWords)
      return expected.filter(typed.contains).count * 4 >= expected.count * 3
    case .anyAnswer:
      return nil
    }
  }

  /// The answer word of the line. "I don't know" anywhere outranks the others, as doubt must, even where
  /// its words overlap a "no" ("I do not know").
  private func firstAnswer(in line: Line) -> (Answer, String)? {
    if let unknown = unknowns.matches(in: line.words).first { return (.unknown, line.text(unknown.range)) }
    return answers.matches(in: line.words).first.map { ($0.payload, line.text($0.range)) }
  }

  // MARK: Overheard slots

  private func overheard(
    _ slot: Slot, in line: Line, numberCues: [PhraseMatcher<String>.Match], today: Date, calendar: Calendar
  ) -> Reading.Fill? {
    switch slot.kind {
    case .choice:
      guard let overhearable = overhearable[slot.id], !overhearable.isEmpty,
        let match = choices[slot.id]?.matches(in: line.words).first(where: {
          overhearable.contains($0.payload)
        })
      else { return nil }
      return Reading.Fill(slot: slot.id, value: .choice(id: match.payload), words: line.text(match.range))
    case .number:
      return number(for: slot, in: line, cues: numberCues, needsCue: true)
    case .duration:
      for clause in line.clauses where hasCue(slot, in: line, clause) {
        if let found = durations.read(line.words, in: clause, today: today, calendar: calendar) {
          return Reading.Fill(slot: slot.id, value: .days(found.days), words: found.words)
        }
      }
      return nil
    default:
      return nil
    }
  }

  private func hasCue(_ slot: Slot, in line: Line, _ range: Range<Int>) -> Bool {
    let words = Array(line.words[range])
    if let matcher = slotCues[slot.id], !matcher.matches(in: words).isEmpty { return true }
    // "Rituximab last Tuesday": an overheard value of a slot named in `cues_from` is a cue too.
    return slot.cuesFrom.contains { source in
      choices[source]?.matches(in: words).contains { overhearable[source]?.contains($0.payload) == true }
        == true
    }
  }

  /// The latest plausible number for a number slot ("from 38 to 40" is 40). A number belongs to the
  /// slot whose cue comes right after it ("39 degrees", "88% oxygen") or, failing that, whose cue comes
  /// nearest before it in the same sentence ("pulse 80 and oxygen 98%"). An overheard number needs such a
  /// cue, so "I am 38 years old" is no temperature; an answer to the slot's own question may be bare.
  /// `cues` are the line's number cues.
  private func number(
    for slot: Slot, in line: Line, cues: [PhraseMatcher<String>.Match], needsCue: Bool
  ) -> Reading.Fill? {
    // Most lines hold no number; the cue search below is then wasted, and it runs for every number slot.
    guard case .number(let declared) = slot.kind, let unitWords = units[slot.id], line.kinds.contains(.number)
    else { return nil }
    let separators = pairSeparators[slot.id]
    var latest: Reading.Fill?
    var consumed = 0
    for position in line.words.indices where line.kinds[position] == .number && position >= consumed {
      guard var value = Double(line.words[position]), value.isFinite else { continue }
      var next = position + 1
      // "39,5" is 39.5 where a comma is the decimal mark; dropping the ",5" would under-read a fever.
      if next + 1 < line.words.count, line.words[next] == ",", line.kinds[next + 1] == .number,
        line.words[next + 1].count == 1,
        let decimal = Double("\(line.words[position]).\(line.words[next + 1])")
      {
        value = decimal
        next += 2
      }
      var pair = false
      if let separators, next + 1 < line.words.count, separators.contains(line.words[next]),
        line.kinds[next + 1] == .number
      {
        next += 2  // "85/50", "85 over 50": the slot holds the first number
        pair = true
      }
      let end = next
      consumed = end
      while next < line.words.count, line.words[next] == "°" { next += 1 }
      let explicit = next < line.words.count ? unitWords.longest(at: next, in: line.words) : nil
      // "4 days" is a time, not a temperature, unless days are this slot's own unit.
      if explicit == nil, durations.isTimeUnit(at: next, in: line.words) { continue }
      let after = explicit?.range.upperBound ?? end
      let owner = owner(
        ofNumberAt: position, value: value, endingAt: [end, next, after], in: line, cues: cues)
      if let owner, owner != slot.id { continue }
      // A number written with decimals that only this slot can hold is its own cue: "it was 39.6 before
      // the tylenol" is a temperature.
      let decimalOnlyHere =
        line.words[position].utf8.contains(UInt8(ascii: "."))
        && plausible.filter { !wholeSlots.contains($0.key) && $0.value.contains { $0.contains(value) } }.map(
          \.key)
          == [slot.id]
      if needsCue && owner == nil && !pair && !decimalOnlyHere { continue }
      guard
        let unit = explicit.map({ declared[$0.payload] })
          ?? declared.first(where: { $0.range.contains(value) }),
        unit.range.contains(value)
      else { continue }
      if case .number(let kept, _)? = latest?.value, !slot.keep.prefers(unit.toBase(value), over: kept) {
        continue
      }
      latest = Reading.Fill(
        slot: slot.id, value: .number(unit.toBase(value), unit: unit.symbol),
        words: line.text(position..<after))
    }
    return latest
  }

  /// The number slot a number belongs to by its cues, if any.
  /// A cue before the number counts only if its slot can hold the number: in "the pulse oximeter
  /// reading is 88", 88 is no temperature, so it is the oximeter's.
  private func owner(
    ofNumberAt position: Int, value: Double, endingAt ends: [Int], in line: Line,
    cues: [PhraseMatcher<String>.Match]
  ) -> String? {
    if let following = cues.first(where: { ends.contains($0.range.lowerBound) }) { return following.payload }
    let reach = 6
    guard
      let nearest = cues.last(where: {
        $0.range.upperBound <= position && position - $0.range.upperBound <= reach
          && plausible[$0.payload]?.contains { $0.contains(value) } != false
      })
    else { return nil }
    let sentenceEnds: Set<String> = [".", "!", "?", ";"]
    return line.words[nearest.range.upperBound..<position].contains(where: sentenceEnds.contains)
      ? nil : nearest.payload
  }
}
