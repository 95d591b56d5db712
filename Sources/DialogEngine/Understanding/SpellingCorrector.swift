/// Maps a misspelt word onto the dialog's vocabulary ("breething" → "breathing") within a small edit
/// distance. Known words are never changed, and the first letter must agree, which keeps "never" from
/// becoming "fever".
struct SpellingCorrector: Sendable {
  private let vocabulary: Set<String>
  private let byFirstLetter: [UInt8: [(word: String, bytes: [UInt8])]]

  init(vocabulary: Set<String>) {
    self.vocabulary = vocabulary
    var index: [UInt8: [(String, [UInt8])]] = [:]
    for word in vocabulary.sorted() where word.utf8.count >= 4 {
      let bytes = Array(word.utf8)
      index[bytes[0], default: []].append((word, bytes))
    }
    byFirstLetter = index
  }

  func correct(_ word: String) -> String {
    guard !vocabulary.contains(word) else { return word }
    let bytes = Array(word.utf8)
    guard bytes.count >= 5, let candidates = byFirstLetter[bytes[0]] else { return word }
    let limit = bytes.count >= 8 ? 2 : 1
    for distance in 1...limit {
      if let match = candidates.first(where: { EditDistance.within(bytes, $0.bytes, limit: distance) }) {
        return match.word
      }
    }
    return word
  }
}
