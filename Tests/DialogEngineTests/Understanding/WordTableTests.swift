import Testing

@testable import DialogEngine

@Suite("Word tables")
struct WordTableTests {
  @Test("a word table finds what a dictionary of the same words keeping the first finds, and nothing else")
  func agreesWithADictionary() {
    let letters = Array("abcdefghijklmnopqrstuvwxyzé0'")
    var generator = SystemRandomNumberGenerator()
    let words = (0..<3000).map { _ in
      String(
        (0..<Int.random(in: 0...12, using: &generator)).map { _ in letters.randomElement(using: &generator)! }
      )
    }
    let dictionary = Dictionary(words.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    let table = WordTable(words.enumerated().map { ($1, $0) })
    #expect(table.count == dictionary.count)
    for (word, position) in dictionary { #expect(table[word] == position, "\(word)") }
    for probe in ["", "zzzzzzzzzzzzzz", "a long word that no one typed", "Ã©"] where dictionary[probe] == nil
    {
      #expect(table[probe] == nil)
      #expect(!table.contains(probe))
    }
  }
}
