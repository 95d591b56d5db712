import DialogEngine
import Testing

@Suite("Tokenizer: one way of splitting for phrases and patient lines")
struct TokenizerTests {
  @Test("plain text and accented or full-width text fold to the same lower-case words")
  func folding() {
    #expect(Tokenizer.words("My HEAD Hurts") == ["my", "head", "hurts"])
    #expect(Tokenizer.words("Fièvre ＡＢＣ") == ["fievre", "abc"])
  }

  @Test("numbers keep their decimal point; apostrophes vanish; punctuation breaks clauses")
  func kinds() {
    let tokens = Tokenizer.tokens("I can't breathe, 38.5 now")
    #expect(tokens.map(\.text) == ["i", "cant", "breathe", ",", "38.5", "now"])
    #expect(tokens.map(\.kind) == [.word, .word, .word, .clauseBreak, .number, .word])
  }

  @Test("letters and digits beyond ASCII still count as letters and digits")
  func unicodeLettersAndDigits() {
    #expect(Tokenizer.tokens("ελα ٣").map(\.kind) == [.word, .number])
  }
}
