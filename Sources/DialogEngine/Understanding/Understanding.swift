import Foundation

/// Reads a patient's line into findings, slot values and commands, using only the phrases of the dialog:
/// lay synonyms, misspellings within a small edit distance, negation and uncertainty with a clause as
/// their scope (after NegEx), numbers with units, and times. Deterministic and free of I/O.
public struct Understanding: Sendable {
  enum Cue: Sendable, Hashable {
    case negation
    case negationAfter
    case uncertainty
    case clauseBreak
  }

  enum Answer: Sendable, Hashable {
    case yes
    case no
    case none
    case unknown
  }

  /// How many words a negation or uncertainty cue reaches within its clause.
  private static let cueReach = 6

  /// In the dialog's order, which is the order overheard values are reported back.
  private let slots: [Slot]
  private let corrector: SpellingCorrector
  private let findings: PhraseMatcher<String>
  private let cues: PhraseMatcher<Cue>
  private let answers: PhraseMatcher<Answer>
  private let commands: [[String]: Language.Command]
  private let choices: [String: PhraseMatcher<String>]
  private let units: [String: PhraseMatcher<Int>]
  private let slotCues: [String: PhraseMatcher<Bool>]
  private let durations: DurationReader
  private let joiners: Set<String>
  private let topics: PhraseMatcher<String>
  private let pairSeparators: [String: Set<String>]

  public init(dialog: Dialog) {
    let language = dialog.language
    slots = dialog.slots
    findings = PhraseMatcher(
      dialog.findings.flatMap { finding in ([finding.label] + finding.phrases).map { ($0, finding.id) } })
    cues = PhraseMatcher(
      language.negation.map { ($0, .negation) } + language.negationAfter.map { ($0, .negationAfter) }
        + language.uncertainty.map { ($0, .uncertainty) } + language.clauseBreaks.map { ($0, .clauseBreak) })
    answers = PhraseMatcher(
      language.yes.map { ($0, .yes) } + language.no.map { ($0, .no) } + language.none.map { ($0, .none) }
        + language.unknown.map { ($0, .unknown) })
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
    self.choices = choices
    self.units = units
    self.slotCues = slotCues
    pairSeparators = Dictionary(
      dialog.slots.filter { !$0.pairSeparators.isEmpty }.map {
        ($0.id, Set($0.pairSeparators.flatMap(Tokenizer.words)))
      },
      uniquingKeysWith: { first, _ in first })
    durations = DurationReader(language: language)
    joiners = Set(language.conjunctions.flatMap(Tokenizer.words))
    topics = PhraseMatcher(dialog.topics.flatMap { topic in topic.phrases.map { ($0, topic.id) } })
    let vocabulary =
      [
        findings.vocabulary, cues.vocabulary, answers.vocabulary, Set(commands.keys.flatMap { $0 }),
        durations.vocabulary, joiners, topics.vocabulary,
      ] + choices.values.map(\.vocabulary) + units.values.map(\.vocabulary)
      + slotCues.values.map(\.vocabulary)
    corrector = SpellingCorrector(vocabulary: vocabulary.reduce(into: Set()) { $0.formUnion($1) })
  }

  /// What `line` says. `asking` is the question on screen: bare answers ("yes", "2", "38.5") count only
  /// for it, while findings and overheard slots are read from any line.
  public func read(_ text: String, asking asked: Slot?, today: Date, calendar: Calendar) -> Reading {
    let line = Line(Tokenizer.tokens(text), corrector: corrector, cues: cues)
    if let command = commands[line.contentWords] {
      // Findings are still read: a command word that is also an emergency phrase must not hide it.
      return Reading(observations: observations(in: line), command: command)
    }
    var reading = Reading(observations: observations(in: line))
    for match in topics.matches(in: line.words) where !reading.topics.contains(match.payload) {
      reading.topics.append(match.payload)
    }
    for slot in slots where slot.overhear && slot.id != asked?.id {
      if let fill = overheard(slot, in: line, today: today, calendar: calendar) { reading.fills.append(fill) }
    }
    if let asked,
      let fill = answer(
        to: asked, in: line, typed: text, observations: &reading.observations, today: today,
        calendar: calendar)
    {
      reading.fills.insert(fill, at: 0)
    }
    return reading
  }

  // MARK: Findings

  private func observations(in line: Line) -> [Observation] {
    let found = findings.matches(in: line.words)
    // A cue inside a finding's own phrase ("not feeling well") is part of that finding, not a denial.
    let cues = line.cueMatches.filter { cue in !found.contains { $0.range.overlaps(cue.range) } }
    func cued(_ kind: Cue, before position: Int) -> Bool {
      guard let clause = line.clause(containing: position) else { return false }
      return cues.contains {
        $0.payload == kind && clause.contains($0.range.lowerBound) && $0.range.upperBound <= position
          && position - $0.range.upperBound <= Self.cueReach
      }
    }
    func cued(_ kind: Cue, after position: Int) -> Bool {
      guard let clause = line.clause(containing: position - 1) else { return false }
      return cues.contains {
        $0.payload == kind && clause.contains($0.range.lowerBound) && $0.range.lowerBound >= position
          && $0.range.lowerBound - position <= Self.cueReach
      }
    }
    var result: [Observation] = []
    for match in found where !result.contains(where: { $0.finding == match.payload }) {
      let range = match.range
      let denied = cued(.negation, before: range.lowerBound) || cued(.negationAfter, after: range.upperBound)
      let uncertain = cued(.uncertainty, before: range.lowerBound)
      result.append(
        Observation(
          finding: match.payload, present: uncertain || !denied, uncertain: uncertain, words: line.text(range)
        ))
    }
    return result
  }

  // MARK: Answers to the question asked

  private func answer(
    to slot: Slot, in line: Line, typed: String, observations: inout [Observation], today: Date,
    calendar: Calendar
  ) -> Reading.Fill? {
    let whole = line.text(0..<line.words.count)
    switch slot.kind {
    case .choice(let options):
      if let index = line.soleNumbers(joiners: joiners), index.count == 1,
        options.indices.contains(index[0] - 1)
      {
        return Reading.Fill(slot: slot.id, value: .choice(id: options[index[0] - 1].id), words: whole)
      }
      if let match = choices[slot.id]?.matches(in: line.words).first {
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
      if let fill = number(for: slot, in: line, needsCue: false) { return fill }
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
      let typed = typed.trimmingCharacters(in: .whitespacesAndNewlines)
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
    let mentioned = observations.filter { options.contains($0.finding) }
    if !mentioned.isEmpty {
      let present = mentioned.filter(\.present).map(\.finding)
      return Reading.Fill(
        slot: slot.id, value: .findings(present), words: mentioned.map(\.words).joined(separator: ", "))
    }
    if let picks = line.soleNumbers(joiners: joiners), !picks.isEmpty,
      picks.allSatisfy({ options.indices.contains($0 - 1) })
    {
      let ids = picks.map { options[$0 - 1] }
      for (pick, id) in zip(picks, ids) where !observations.contains(where: { $0.finding == id }) {
        observations.append(Observation(finding: id, present: true, words: "\(pick)"))
      }
      return Reading.Fill(slot: slot.id, value: .findings(ids), words: line.text(0..<line.words.count))
    }
    switch firstAnswer(in: line) {
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
      let said = line.words.compactMap { Int($0) ?? durations.number($0).map(Int.init) }
      guard !said.isEmpty else { return nil }
      let expected = Array(stride(from: start - step, to: 0, by: -step))
      let counted = said.drop { $0 == start }.prefix { $0 != 0 }
      return Array(counted) == expected
    case .anyAnswer:
      return nil
    }
  }

  private func firstAnswer(in line: Line) -> (Answer, String)? {
    answers.matches(in: line.words).first.map { ($0.payload, line.text($0.range)) }
  }

  // MARK: Overheard slots

  private func overheard(_ slot: Slot, in line: Line, today: Date, calendar: Calendar) -> Reading.Fill? {
    switch slot.kind {
    case .choice(let options):
      let overhearable = Set(options.filter(\.overhear).map(\.id))
      guard
        let match = choices[slot.id]?.matches(in: line.words).first(where: {
          overhearable.contains($0.payload)
        })
      else { return nil }
      return Reading.Fill(slot: slot.id, value: .choice(id: match.payload), words: line.text(match.range))
    case .number:
      return number(for: slot, in: line, needsCue: true)
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
    // "Rituximab last Tuesday": a value of a slot named in `cues_from` is a cue too.
    return slot.cuesFrom.contains { choices[$0]?.matches(in: words).isEmpty == false }
  }

  /// The first plausible number for a number slot. An explicit unit decides the unit; otherwise the
  /// first unit whose range holds the number. An overheard number needs a unit, or a cue close by
  /// ("fever of 39"), so that "38 years old" is not read as a temperature.
  private func number(for slot: Slot, in line: Line, needsCue: Bool) -> Reading.Fill? {
    guard case .number(let declared) = slot.kind, let unitWords = units[slot.id] else { return nil }
    for clause in line.clauses {
      for position in clause where line.kinds[position] == .number {
        guard var value = Double(line.words[position]) else { continue }
        var next = position + 1
        // "39,5" is 39.5 where a comma is the decimal mark; dropping the ",5" would under-read a fever.
        if next + 1 < line.words.count, line.words[next] == ",", line.kinds[next + 1] == .number,
          line.words[next + 1].count == 1,
          let decimal = Double("\(line.words[position]).\(line.words[next + 1])")
        {
          value = decimal
          next += 2
        }
        if let separators = pairSeparators[slot.id] {
          // A pair such as "85/50" or "85 over 50": the slot holds the first number.
          guard next + 1 < line.words.count, separators.contains(line.words[next]),
            line.kinds[next + 1] == .number
          else { continue }
          next += 2
        }
        var end = next
        while next < line.words.count, line.words[next] == "°" { next += 1 }
        let explicit = next < line.words.count ? unitWords.longest(at: next, in: line.words) : nil
        // "4 days" is a time, not a temperature, unless days are this slot's own unit.
        if explicit == nil, durations.isTimeUnit(at: next, in: line.words) { continue }
        // Even with a unit an overheard number needs its cue: "50% better" is no oxygen reading.
        guard !needsCue || hasCue(slot, in: line, before: position, after: next, within: clause) else {
          continue
        }
        let unit: NumberUnit
        if let explicit {
          unit = declared[explicit.payload]
          end = explicit.range.upperBound
        } else if let plausible = declared.first(where: { $0.range.contains(value) }) {
          unit = plausible
        } else {
          continue
        }
        guard unit.range.contains(value) else { continue }
        return Reading.Fill(
          slot: slot.id, value: .number(unit.toBase(value), unit: unit.symbol),
          words: line.text(position..<end))
      }
    }
    return nil
  }

  /// A cue just before a number ("pulse 120", "fever of 39") or right after it ("39 degrees"). Looking
  /// only this close keeps "pulse 80 and oxygen 98%" from reading 80 as the oxygen.
  private func hasCue(
    _ slot: Slot, in line: Line, before position: Int, after end: Int, within clause: Range<Int>
  ) -> Bool {
    let reach = 3
    let before = max(clause.lowerBound, position - reach)..<position
    let startsAfter = end < clause.upperBound && slotCues[slot.id]?.longest(at: end, in: line.words) != nil
    return startsAfter || hasCue(slot, in: line, before)
  }
}
