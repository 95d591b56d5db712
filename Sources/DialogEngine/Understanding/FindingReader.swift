/// Reads findings from a line, by their phrases (stemmed, with fillers between their words) and by their
/// parts, with negation and doubt after NegEx, tuned so that a negation can only ever deny what it plainly
/// names: it reaches the first finding within a few words in its clause, goes
/// on only through "or" ("no fever or cough"), and stops where a new statement starts ("no cough and my
/// lips are blue"). A finding mentioned more than once counts as present if any mention is.
struct FindingReader: Sendable {
  enum Cue: Sendable, Hashable {
    case negation
    case negationAfter
    case uncertainty
    case clauseBreak
  }

  /// How many words may stand between a negation and what it denies ("I don't have a cough").
  static let negationReach = 3
  /// How many words doubt reaches ("I think I might have a fever").
  static let uncertaintyReach = 6

  let findings: PhraseMatcher<String>
  let parts: PartsMatcher
  let cues: PhraseMatcher<Cue>
  private let stops: Set<String>
  private let continues: Set<String>

  init(dialog: Dialog) {
    let language = dialog.language
    findings = PhraseMatcher(
      dialog.findings.flatMap { finding in
        (([finding.label] + finding.phrases).flatMap { Self.expand($0, language.wordGroups) }
          + finding.borrowed)
          .map { ($0, finding.id) }
      },
      leeway: PhraseMatcher.Leeway(
        fillers: Set(language.fillers.flatMap(Tokenizer.words).map(Stemmer.stem)), gap: 3))
    parts = PartsMatcher(dialog: dialog)
    // A phrase's own words count as known, those around its word groups too ("whose" in
    // "<not_knowing> whose <places>"), so that spelling correction never turns them into another word.
    let phrases =
      dialog.findings.flatMap { [$0.label] + $0.phrases }.map {
        $0.split(separator: " ").filter { !$0.hasPrefix("<") }.joined(separator: " ")
      }
      + language.wordGroups.values.flatMap { $0 }
    cues = PhraseMatcher(
      language.negation.map { ($0, .negation) } + language.negationAfter.map { ($0, .negationAfter) }
        + language.uncertainty.map { ($0, .uncertainty) } + language.clauseBreaks.map { ($0, .clauseBreak) })
    stops = Set(language.negationStops.flatMap(Tokenizer.words))
    continues = Set(language.negationContinues.flatMap(Tokenizer.words))
    vocabulary = Set(phrases.flatMap(Tokenizer.words)).union(cues.vocabulary).union(stops).union(continues)
  }

  /// A phrase with word groups in it, `dont know where <person> <being>`, as every phrase it stands for.
  static func expand(_ phrase: String, _ groups: [String: [String]]) -> [String] {
    var phrases = [""]
    for word in phrase.split(separator: " ") {
      let options: [String]
      if word.hasPrefix("<"), word.hasSuffix(">"), let group = groups[String(word.dropFirst().dropLast())] {
        options = group
      } else {
        options = [String(word)]
      }
      phrases = phrases.flatMap { start in options.map { start.isEmpty ? $0 : start + " " + $0 } }
    }
    return phrases
  }

  /// Known words as a patient may type them, for spelling correction (the matchers hold stems).
  let vocabulary: Set<String>

  /// The findings of `line`, and the word ranges they and their negation or doubt were read from.
  func observations(in line: Line) -> (observations: [Observation], covered: [Range<Int>]) {
    let phrased = findings.matches(in: line.stems)
    // A description by parts adds what no phrase of the same finding already found there.
    let described = parts.matches(in: line).filter { part in
      !phrased.contains { $0.payload == part.match.payload && $0.range.overlaps(part.match.range) }
    }
    let found = (phrased.map { ($0, Set<Int>?.none) } + described.map { ($0.match, Optional($0.parts)) })
      .sorted { $0.0.range.lowerBound < $1.0.range.lowerBound }
    // A cue inside a finding's own phrase ("not feeling well"), or one of its parts ("can't rouse"), is
    // part of that finding, not a denial.
    let cues = line.cueMatches.filter { cue in
      !phrased.contains { $0.range.overlaps(cue.range) }
        && !described.contains { $0.parts.contains(cue.range.lowerBound) }
    }
    var result: [Observation] = []
    var chainEnd: Int?
    for (index, (match, partPlaces)) in found.enumerated() {
      let previousEnd = index > 0 ? min(found[index - 1].0.range.upperBound, match.range.lowerBound) : 0
      let chained = chainEnd.map { continuesNegation(line, from: $0, to: match.range.lowerBound) } ?? false
      let denied =
        chained || negated(line, cues, before: match.range.lowerBound, notBefore: previousEnd)
        || negated(line, cues, after: match.range.upperBound)
        || partPlaces.map { deniedInside(line, cues, match.range, parts: $0) } ?? false
      let uncertain = cues.contains {
        $0.payload == .uncertainty && line.sameClause($0.range.lowerBound, match.range.lowerBound)
          && $0.range.upperBound <= match.range.lowerBound
          && match.range.lowerBound - $0.range.upperBound <= Self.uncertaintyReach
      }
      chainEnd = denied ? match.range.upperBound : nil
      let mention = Observation(
        finding: match.payload, present: uncertain || !denied, uncertain: uncertain,
        words: line.text(match.range))
      if let earlier = result.firstIndex(where: { $0.finding == match.payload }) {
        // Any mention that says the patient has it wins: "no pain earlier, but now chest pain".
        if mention.present && (!result[earlier].present || result[earlier].uncertain) {
          result[earlier] = mention
        }
      } else {
        result.append(mention)
      }
    }
    return (result, found.map(\.0.range) + line.cueMatches.map(\.range))
  }

  /// A negation ending shortly before `position`, after the previous finding, with no new statement
  /// between.
  private func negated(
    _ line: Line, _ cues: [PhraseMatcher<Cue>.Match], before position: Int, notBefore start: Int
  )
    -> Bool
  {
    cues.contains { cue in
      cue.payload == .negation && cue.range.lowerBound >= start && cue.range.upperBound <= position
        && position - cue.range.upperBound <= Self.negationReach
        && line.sameClause(cue.range.lowerBound, position)
        && !line.words[cue.range.upperBound..<position].contains(where: stops.contains)
    }
  }

  /// A negation between a description's parts that reaches a later part in its clause: "temperature is
  /// not high", but not "saturation is not good, keeps going lower".
  private func deniedInside(
    _ line: Line, _ cues: [PhraseMatcher<Cue>.Match], _ range: Range<Int>, parts: Set<Int>
  ) -> Bool {
    cues.contains { cue in
      cue.payload == .negation && range.contains(cue.range.lowerBound)
        && parts.contains { $0 >= cue.range.upperBound && line.sameClause(cue.range.lowerBound, $0) }
    }
  }

  /// A denial after the finding ("the rash is gone"), unless itself negated ("never went away").
  private func negated(_ line: Line, _ cues: [PhraseMatcher<Cue>.Match], after position: Int) -> Bool {
    cues.contains { cue in
      guard cue.payload == .negationAfter, cue.range.lowerBound >= position,
        cue.range.lowerBound - position <= Self.negationReach,
        line.sameClause(position - 1, cue.range.lowerBound),
        !line.words[position..<cue.range.lowerBound].contains(where: stops.contains)
      else { return false }
      let voided = cues.contains {
        $0.payload == .negation && $0.range.upperBound <= cue.range.lowerBound
          && cue.range.lowerBound - $0.range.upperBound <= 1 && $0.range.lowerBound >= position
      }
      return !voided
    }
  }

  /// Whether only words like "or" stand between two findings, so the first one's negation carries on.
  private func continuesNegation(_ line: Line, from end: Int, to start: Int) -> Bool {
    guard start > end, start - end <= 2, line.sameClause(end - 1, start) else { return false }
    let between = line.words[end..<start]
    return between.contains(where: continues.contains)
      && between.allSatisfy { continues.contains($0) || ["a", "an", "any"].contains($0) }
  }
}
