/// A table from words to values, built once, for the lookups a turn makes for every word of a line in
/// every matcher. Swift's Dictionary hashes a String with SipHash over its normalised bytes; the words
/// here are short, so FNV-1a over their UTF-8 bytes and a linear probe, comparing strings only when the
/// whole hash agrees, do the same for less. Hashes, words and values are kept apart so that a probe
/// reads numbers and retains nothing.
struct WordTable<Value: Sendable>: Sendable {
  /// Zero marks an empty place; a word's hash is never zero (see `hash`).
  private var hashes: [UInt64]
  private var words: [String]
  private var values: [Value?]
  private let mask: Int
  private(set) var count = 0

  init(_ entries: some Sequence<(String, Value)>) {
    let entries = Array(entries)
    var capacity = 8
    while capacity < entries.count * 2 { capacity *= 2 }
    hashes = Array(repeating: 0, count: capacity)
    words = Array(repeating: "", count: capacity)
    values = Array(repeating: nil, count: capacity)
    mask = capacity - 1
    for (word, value) in entries { insert(word, value) }
  }

  var isEmpty: Bool { count == 0 }

  subscript(word: String) -> Value? {
    guard let index = place(of: word) else { return nil }
    return values[index]
  }

  func contains(_ word: String) -> Bool { place(of: word) != nil }

  private func place(of word: String) -> Int? {
    let hash = Self.hash(word)
    var index = Int(truncatingIfNeeded: hash) & mask
    while hashes[index] != 0 {
      if hashes[index] == hash, words[index] == word { return index }
      index = (index + 1) & mask
    }
    return nil
  }

  /// Adds a word, only while the table is made, with room for every entry. A word given twice keeps its
  /// first value, as the dialog's lookups keep the first declaration.
  private mutating func insert(_ word: String, _ value: Value) {
    let hash = Self.hash(word)
    var index = Int(truncatingIfNeeded: hash) & mask
    while hashes[index] != 0 {
      if hashes[index] == hash, words[index] == word { return }
      index = (index + 1) & mask
    }
    hashes[index] = hash
    words[index] = word
    values[index] = value
    count += 1
  }

  /// FNV-1a over the word's UTF-8 bytes, with the lowest bit set so that no hash is zero. The bytes are
  /// read in place: iterating a String's UTF-8 view byte by byte cost more than the lookup saved.
  static func hash(_ word: String) -> UInt64 {
    if let hash = word.utf8.withContiguousStorageIfAvailable(fnv) { return hash }
    var word = word
    return word.withUTF8(fnv)
  }

  private static func fnv(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    return hash | 1
  }
}
