/// Finds known phrases in a line of words: at each position the longest phrase wins, and matches never
/// overlap, so "chest pain" is found as itself and not also as "pain".
struct PhraseMatcher<Payload: Sendable & Hashable>: Sendable {
  struct Match: Hashable {
    var range: Range<Int>
    var payload: Payload
  }

  private var byFirstWord: [String: [(words: [String], payload: Payload)]] = [:]

  init(_ entries: [(phrase: String, payload: Payload)]) {
    for entry in entries {
      let words = Tokenizer.words(entry.phrase)
      guard let first = words.first else { continue }
      byFirstWord[first, default: []].append((words, entry.payload))
    }
    for key in byFirstWord.keys {
      byFirstWord[key]!.sort { $0.words.count > $1.words.count }
    }
  }

  var vocabulary: Set<String> {
    Set(byFirstWord.values.flatMap { $0.flatMap(\.words) })
  }

  func matches(in words: [String]) -> [Match] {
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
    guard let candidates = byFirstWord[words[position]] else { return nil }
    for candidate in candidates where position + candidate.words.count <= words.count {
      if words[position..<(position + candidate.words.count)].elementsEqual(candidate.words) {
        return Match(range: position..<(position + candidate.words.count), payload: candidate.payload)
      }
    }
    return nil
  }
}
