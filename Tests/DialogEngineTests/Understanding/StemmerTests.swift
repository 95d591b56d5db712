import Testing

@testable import DialogEngine

@Suite("Stemming")
struct StemmerTests {
  @Test(
    "inflections of a word share its stem",
    arguments: [
      ("breathe", "breath"), ("breathing", "breath"), ("breathed", "breath"), ("breaths", "breath"),
      ("stopped", "stop"), ("stops", "stop"), ("stopping", "stop"), ("swelling", "swell"),
      ("passes", "pass"), ("pass", "pass"), ("bodies", "body"), ("watches", "watch"), ("rashes", "rash"),
      ("boxes", "box"), ("virus", "virus"), ("crisis", "crisis"), ("race", "rac"), ("racing", "rac"),
      ("fizzing", "fizz"), ("seeing", "see"), ("dizzy", "dizzy"), ("feels", "feel"),
    ])
  func inflections(word: String, stem: String) {
    #expect(Stemmer.stem(word) == stem)
  }

  @Test("short words, and words that are not plain lower-case letters, are left as they are")
  func leftAlone() {
    for word in ["see", "red", "is", "café", "Eating", "covid19", "x-ray", ""] {
      #expect(Stemmer.stem(word) == word, "\(word)")
    }
  }
}
