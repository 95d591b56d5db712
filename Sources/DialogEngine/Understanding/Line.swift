/// A patient's line as the understanding works on it: spelling-corrected words, their stems, their kinds,
/// the clauses that bound negation, and the negation and uncertainty cues found in it.
struct Line {
  var words: [String]
  /// The words' stems, which finding phrases are matched against.
  var stems: [String]
  var kinds: [Token.Kind]
  var cueMatches: [PhraseMatcher<FindingReader.Cue>.Match]
  /// Ranges of words between punctuation or clause-break words ("but", "however").
  var clauses: [Range<Int>]
  /// Like `clauses`, but a comma does not end one: "mum's colour is awful, like a dead grey".
  var sentences: [Range<Int>]

  /// `stems` holds the stems of known words, worked out once, so only new words are stemmed per line.
  init(
    _ tokens: [Token], corrector: SpellingCorrector, cues: PhraseMatcher<FindingReader.Cue>,
    stems known: WordTable<String>
  ) {
    let words = tokens.map { $0.kind == .word ? corrector.correct($0.text) : $0.text }
    let cueMatches = cues.matches(in: words)
    var boundaries = tokens.indices.filter { tokens[$0].kind == .clauseBreak }.map { $0..<($0 + 1) }
    boundaries += cueMatches.filter { $0.payload == .clauseBreak }.map(\.range)
    boundaries.sort { $0.lowerBound < $1.lowerBound }
    func split(at boundaries: [Range<Int>]) -> [Range<Int>] {
      var parts: [Range<Int>] = []
      var start = 0
      for boundary in boundaries {
        if boundary.lowerBound > start { parts.append(start..<boundary.lowerBound) }
        start = max(start, boundary.upperBound)
      }
      if start < words.count { parts.append(start..<words.count) }
      return parts
    }
    let clauses = split(at: boundaries)
    sentences = split(at: boundaries.filter { tokens[$0.lowerBound].text != "," })
    self.words = words
    self.stems = words.map { known[$0] ?? Stemmer.stem($0) }
    self.kinds = tokens.map(\.kind)
    self.cueMatches = cueMatches
    self.clauses = clauses
  }

  /// The words without punctuation, as a whole-line command is compared.
  var contentWords: [String] {
    words.indices.filter { kinds[$0] != .clauseBreak }.map { words[$0] }
  }

  func text(_ range: Range<Int>) -> String {
    range.filter { kinds[$0] != .clauseBreak }.map { words[$0] }.joined(separator: " ")
  }

  func clause(containing position: Int) -> Range<Int>? {
    clauses.first { $0.contains(position) }
  }

  /// Whether two word positions are in one clause.
  func sameClause(_ first: Int, _ second: Int) -> Bool {
    guard let clause = clause(containing: first) else { return false }
    return clause.contains(second)
  }

  /// The whole numbers the line starts with, before its first word other than a joiner: "3, but …",
  /// "1 and 4 …". A number followed by a unit (`isUnit`), as in "3 days", is not a pick.
  func leadingNumbers(joiners: Set<String>, isUnit: (Int) -> Bool) -> [Int] {
    var numbers: [Int] = []
    for (position, (word, kind)) in zip(words, kinds).enumerated() {
      switch kind {
      case .number:
        guard let number = Int(word), !isUnit(position + 1) else { return numbers }
        numbers.append(number)
      case .word where joiners.contains(word), .clauseBreak, .symbol: continue
      default: return numbers
      }
    }
    return numbers
  }

  /// A copy in which the words of `ranges` can match nothing: a question about CRS inside a line is
  /// not also an answer ("will I get better?" says nothing of whether symptoms are getting better).
  func masking(_ ranges: [Range<Int>]) -> Line {
    guard !ranges.isEmpty else { return self }
    var copy = self
    for range in ranges {
      for position in range {
        copy.words[position] = ""
        copy.stems[position] = ""
        copy.kinds[position] = .symbol
      }
    }
    return copy
  }

  /// The numbers of a line made only of numbers, punctuation and joining words: "1, 3", "2 and 4".
  func soleNumbers(joiners: Set<String>) -> [Int]? {
    var numbers: [Int] = []
    for (word, kind) in zip(words, kinds) {
      switch kind {
      case .number:
        guard let number = Int(word) else { return nil }
        numbers.append(number)
      case .word where joiners.contains(word), .clauseBreak, .symbol: continue
      default: return nil
      }
    }
    return numbers.isEmpty ? nil : numbers
  }
}
