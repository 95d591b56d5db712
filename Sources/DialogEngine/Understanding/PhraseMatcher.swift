/// Finds known phrases in a line of words: at each position the longest phrase wins, and matches never
/// overlap, so "chest pain" is found as itself and not also as "pain".
struct PhraseMatcher<Payload: Sendable & Hashable>: Sendable {
  struct Match: Hashable {
    var range: Range<Int>
    var payload: Payload
  }

  /// How loosely a phrase may be said: its words stemmed ("breathing" for "breathe"), and up to `gap`
  /// filler words between two of its words ("heart is beating *way too* fast", "short of *my* breath").
  /// Fillers never include a negation, so "heart is not racing" cannot match "heart racing".
  struct Leeway: Sendable {
    var fillers: Set<String>
    var gap: Int
  }

  private let byFirstWord: WordTable<[(words: [String], payload: Payload)]>
  private let leeway: Leeway?

  /// With `leeway`, phrases are stemmed and `matches(in:)` expects the stems of a line's words.
  init(_ entries: [(phrase: String, payload: Payload)], leeway: Leeway? = nil) {
    self.leeway = leeway
    var byFirstWord: [String: [(words: [String], payload: Payload)]] = [:]
    for entry in entries {
      var words = Tokenizer.words(entry.phrase)
      if leeway != nil { words = words.map(Stemmer.stem) }
      guard let first = words.first else { continue }
      byFirstWord[first, default: []].append((words, entry.payload))
    }
    self.byFirstWord = WordTable(
      byFirstWord.map { first, phrases in (first, phrases.sorted { $0.words.count > $1.words.count }) })
    vocabulary = Set(byFirstWord.values.flatMap { $0.flatMap(\.words) })
  }

  /// Every word of every phrase (stems, with leeway).
  let vocabulary: Set<String>

  func matches(in words: [String]) -> [Match] {
    // Many slots have no cues or units; looking up a word hashes it even in an empty table.
    guard !byFirstWord.isEmpty else { return [] }
    var found: [Match] = []
    var position = 0
    while position < words.count {
      if let match = longest(at: position, in: words) {
        found.append(match)
        position = match.range.upperBound
      } else {
        position += 1
      }
    }
    return found
  }

  func longest(at position: Int, in words: [String]) -> Match? {
    guard !byFirstWord.isEmpty, let candidates = byFirstWord[words[position]] else { return nil }
    for candidate in candidates {
      if let end = end(of: candidate.words, at: position, in: words) {
        return Match(range: position..<end, payload: candidate.payload)
      }
    }
    return nil
  }

  /// Where `phrase` ends if it is said from `position`, with the leeway's fillers between its words.
  private func end(of phrase: [String], at position: Int, in words: [String]) -> Int? {
    guard let leeway else {
      guard position + phrase.count <= words.count,
        words[position..<(position + phrase.count)].elementsEqual(phrase)
      else { return nil }
      return position + phrase.count
    }
    var next = position + 1
    for word in phrase.dropFirst() {
      var skipped = 0
      while next < words.count, words[next] != word {
        guard skipped < leeway.gap, leeway.fillers.contains(words[next]) else { return nil }
        skipped += 1
        next += 1
      }
      guard next < words.count else { return nil }
      next += 1
    }
    return next
  }
}
