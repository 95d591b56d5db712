/// Maps a misspelt word onto the dialog's vocabulary ("breething" → "breathing", "pian" → "pain") within
/// a small edit distance. Known words are never changed, and the first letter must agree, which keeps
/// "never" from becoming "fever". Nothing is ever corrected into a word of negation, doubt or yes/no:
/// "stooped" must not become "stopped", nor "newer" "never".
struct SpellingCorrector: Sendable {
  private let vocabulary: Set<String>
  /// The stems of the vocabulary: a known word's other form ("hearts", "fainted") is left alone.
  private let stems: Set<String>
  private let byFirstLetter: [UInt8: [(word: String, bytes: [UInt8])]]

  /// `vocabulary` is every known word; `protected` are known words no misspelling may turn into.
  init(vocabulary: Set<String>, protected: Set<String>) {
    self.vocabulary = vocabulary
    stems = Set(vocabulary.map(Stemmer.stem))
    var index: [UInt8: [(String, [UInt8])]] = [:]
    for word in vocabulary.subtracting(protected).sorted() where word.utf8.count >= 4 {
      let bytes = Array(word.utf8)
      index[bytes[0], default: []].append((word, bytes))
    }
    byFirstLetter = index
  }

  func correct(_ word: String) -> String {
    guard !vocabulary.contains(word), !stems.contains(Stemmer.stem(word)) else { return word }
    let bytes = Array(word.utf8)
    // A dropped g, as people type how they speak ("breathin", "seein", "slurin").
    if bytes.count >= 5, bytes.last == UInt8(ascii: "n"), bytes[bytes.count - 2] == UInt8(ascii: "i") {
      let spoken = word + "g"
      if vocabulary.contains(spoken) { return spoken }
      if let doubled = doubledConsonant(Array(spoken.utf8)) { return doubled }
    }
    // A letter typed twice for emphasis or by a slip ("soo", "sleepyy"): the word with one fewer.
    for index in bytes.indices.dropFirst() where bytes[index] == bytes[index - 1] {
      var single = bytes
      single.remove(at: index)
      let candidate = String(decoding: single, as: UTF8.self)
      if vocabulary.contains(candidate) { return candidate }
    }
    // A double consonant typed single, the commonest slip ("droping", "shuting"): before any other
    // correction, which might find a different word as close ("drooping").
    if let doubled = doubledConsonant(bytes) { return doubled }
    guard bytes.count >= 4, let candidates = byFirstLetter[bytes[0]] else { return word }
    if bytes.count == 4 {
      // Short words collide too easily; only two swapped letters ("pian" → "pain") or one letter left
      // out of a longer word ("chst" → "chest", "hart" → "heart") are mended.
      return candidates.first { $0.bytes.count == 4 && Self.isSwap(bytes, $0.bytes) }?.word
        ?? candidates.first { $0.bytes.count == 5 && EditDistance.within(bytes, $0.bytes, limit: 1) }?.word
        ?? word
    }
    let limit = bytes.count >= 8 ? 2 : 1
    for distance in 1...limit {
      if let match = candidates.first(where: { EditDistance.within(bytes, $0.bytes, limit: distance) }) {
        return match.word
      }
    }
    return word
  }

  /// The known word that `bytes` is with one consonant doubled, if any.
  private func doubledConsonant(_ bytes: [UInt8]) -> String? {
    for index in bytes.indices where !"aeiouy".utf8.contains(bytes[index]) {
      var doubled = bytes
      doubled.insert(bytes[index], at: index)
      let candidate = String(decoding: doubled, as: UTF8.self)
      if vocabulary.contains(candidate) { return candidate }
    }
    return nil
  }

  private static func isSwap(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    let differences = a.indices.filter { a[$0] != b[$0] }
    return differences.count == 2 && differences[1] == differences[0] + 1
      && a[differences[0]] == b[differences[1]]
      && a[differences[1]] == b[differences[0]]
  }
}
