/// A patient's line as the understanding works on it: spelling-corrected words, their kinds, the
/// clauses that bound negation, and the negation and uncertainty cues found in it.
struct Line {
  var words: [String]
  var kinds: [Token.Kind]
  var cueMatches: [PhraseMatcher<Understanding.Cue>.Match]
  /// Ranges of words between punctuation or clause-break words ("but", "however").
  var clauses: [Range<Int>]

  init(_ tokens: [Token], corrector: SpellingCorrector, cues: PhraseMatcher<Understanding.Cue>) {
    let words = tokens.map { $0.kind == .word ? corrector.correct($0.text) : $0.text }
    let cueMatches = cues.matches(in: words)
    var boundaries = tokens.indices.filter { tokens[$0].kind == .clauseBreak }.map { $0..<($0 + 1) }
    boundaries += cueMatches.filter { $0.payload == .clauseBreak }.map(\.range)
    boundaries.sort { $0.lowerBound < $1.lowerBound }
    var clauses: [Range<Int>] = []
    var start = 0
    for boundary in boundaries {
      if boundary.lowerBound > start { clauses.append(start..<boundary.lowerBound) }
      start = max(start, boundary.upperBound)
    }
    if start < words.count { clauses.append(start..<words.count) }
    self.words = words
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
