/// Finds known phrases in a line of words: at each position the longest phrase wins, and matches never
/// overlap, so "chest pain" is found as itself and not also as "pain".
///
/// The phrases are a tree of numbered words, so a line is walked once whatever the number of phrases:
/// a word group in a phrase ("<not_knowing> who <relations> <being>") stands for hundreds of them, and
/// trying each phrase that starts with a line's word in turn cost more than all the rest of a turn.
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

  /// Each known word's number: the words of the phrases, then the fillers.
  private let numbers: WordTable<Int32>
  /// By word number: whether the word may stand between a phrase's words.
  private let isFiller: [Bool]
  /// The tree's nodes: node `n`'s children are `edgeWords[firstEdge[n]..<firstEdge[n + 1]]`, sorted by
  /// word number, leading to `edgeNodes` at the same places. Node 0 is the root.
  private let firstEdge: [Int32]
  private let edgeWords: [Int32]
  private let edgeNodes: [Int32]
  /// By node: the phrase that ends there, as its place among the phrases given, or -1.
  private let phraseEnding: [Int32]
  private let payloads: [Payload]
  private let gap: Int
  /// The most words a match can spread over, fillers included.
  private let span: Int

  /// With `leeway`, phrases are stemmed and `matches(in:)` expects the stems of a line's words.
  init(_ entries: [(phrase: String, payload: Payload)], leeway: Leeway? = nil) {
    let gap = leeway?.gap ?? 0
    self.gap = gap
    var longestPhrase = 0
    var numbering: [String: Int32] = [:]
    var words: [String] = []
    func number(_ word: String) -> Int32 {
      if let known = numbering[word] { return known }
      numbering[word] = Int32(words.count)
      words.append(word)
      return Int32(words.count - 1)
    }
    // One table for every edge of the tree, keyed by node and word: a table per node cost more to make
    // than the whole tree.
    var edges: [UInt64: Int32] = [:]
    var ending: [Int32] = [-1]
    var payloads: [Payload] = []
    for entry in entries {
      var phrase = Tokenizer.words(entry.phrase)
      if leeway != nil { phrase = phrase.map(Stemmer.stem) }
      guard !phrase.isEmpty else { continue }
      longestPhrase = max(longestPhrase, phrase.count)
      var node = 0
      for word in phrase {
        let key = UInt64(node) << 32 | UInt64(UInt32(number(word)))
        if let next = edges[key] {
          node = Int(next)
        } else {
          ending.append(-1)
          node = ending.count - 1
          edges[key] = Int32(node)
        }
      }
      // The first phrase given wins when two say the same words.
      if ending[node] < 0 {
        ending[node] = Int32(payloads.count)
        payloads.append(entry.payload)
      }
    }
    span = longestPhrase + max(0, longestPhrase - 1) * gap
    vocabulary = Set(words)
    for filler in leeway?.fillers ?? [] { _ = number(filler) }
    let fillers = leeway?.fillers ?? []
    isFiller = words.map(fillers.contains)
    numbers = WordTable(words.enumerated().map { ($0.element, Int32($0.offset)) })
    // Sorted by node, then word: each node's children stand together, in the order binary search needs.
    let sorted = edges.sorted { $0.key < $1.key }
    var firstEdge = [Int32](repeating: 0, count: ending.count + 1)
    for (key, _) in sorted { firstEdge[Int(key >> 32) + 1] += 1 }
    for node in ending.indices { firstEdge[node + 1] += firstEdge[node] }
    let edgeWords = sorted.map { Int32(truncatingIfNeeded: $0.key & 0xFFFF_FFFF) }
    let edgeNodes = sorted.map(\.value)
    self.firstEdge = firstEdge
    self.edgeWords = edgeWords
    self.edgeNodes = edgeNodes
    phraseEnding = ending
    self.payloads = payloads
  }

  /// Every word of every phrase (stems, with leeway).
  let vocabulary: Set<String>

  func matches(in words: [String]) -> [Match] {
    // Many slots have no cues or units; looking up a word hashes it even in an empty table.
    guard !payloads.isEmpty else { return [] }
    let numbered = words.map { numbers[$0] ?? -1 }
    var found: [Match] = []
    var position = 0
    while position < words.count {
      if let match = longest(at: position, in: numbered) {
        found.append(match)
        position = match.range.upperBound
      } else {
        position += 1
      }
    }
    return found
  }

  func longest(at position: Int, in words: [String]) -> Match? {
    guard !payloads.isEmpty, numbers[words[position]] != nil else { return nil }
    // Only the words a match could reach are numbered.
    let reach = words[position..<min(words.count, position + span)].map { numbers[$0] ?? -1 }
    return longest(at: 0, in: reach).map {
      Match(range: ($0.range.lowerBound + position)..<($0.range.upperBound + position), payload: $0.payload)
    }
  }

  /// The phrase of most words said from `position`; of two as long, the one given first.
  private func longest(at position: Int, in words: [Int32]) -> Match? {
    guard words[position] >= 0, let first = child(of: 0, words[position]) else { return nil }
    var best: (length: Int, phrase: Int32, end: Int)?
    walk(from: first, length: 1, next: position + 1, in: words, best: &best)
    return best.map { Match(range: position..<$0.end, payload: payloads[Int($0.phrase)]) }
  }

  /// Follows the tree from `node` through the line from `next`, each phrase word taken where it first
  /// comes after at most `gap` fillers, noting the best phrase that ends on the way.
  private func walk(
    from node: Int32, length: Int, next: Int, in words: [Int32],
    best: inout (length: Int, phrase: Int32, end: Int)?
  ) {
    let phrase = phraseEnding[Int(node)]
    if phrase >= 0, best.map({ length > $0.length || (length == $0.length && phrase < $0.phrase) }) ?? true {
      best = (length, phrase, next)
    }
    guard firstEdge[Int(node)] < firstEdge[Int(node) + 1] else { return }
    var position = next
    while position < words.count, position - next <= gap {
      let word = words[position]
      // A phrase's word is taken where it first comes: a word said twice is followed once.
      if word >= 0, !words[next..<position].contains(word), let child = child(of: node, word) {
        walk(from: child, length: length + 1, next: position + 1, in: words, best: &best)
      }
      guard word >= 0, isFiller[Int(word)] else { return }
      position += 1
    }
  }

  /// The node that `word` leads to from `node`, by binary search of its sorted children.
  private func child(of node: Int32, _ word: Int32) -> Int32? {
    var low = Int(firstEdge[Int(node)])
    var high = Int(firstEdge[Int(node) + 1])
    while low < high {
      let middle = (low + high) / 2
      if edgeWords[middle] < word {
        low = middle + 1
      } else {
        high = middle
      }
    }
    return low < firstEdge[Int(node) + 1] && edgeWords[low] == word ? edgeNodes[low] : nil
  }
}
