/// Reduces an English word to a rough stem so that a finding's phrase matches its inflections:
/// "breathe", "breathing", "breathed" and "breaths" are all "breath"; "stopped" and "stops" are "stop".
/// Deliberately light (a few suffix rules, after the S-stemmer and Porter's first steps): both the phrases
/// and the patient's words go through it, so a stem only has to be the same on both sides, not a word.
enum Stemmer {
  static func stem(_ word: String) -> String {
    var letters = Array(word.utf8)
    guard letters.count > 3, letters.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return word }
    if letters.count > 5, letters.hasSuffix("ing") {
      letters.removeLast(3)
      undouble(&letters)
    } else if letters.count > 4, letters.hasSuffix("ed") {
      letters.removeLast(2)
      undouble(&letters)
    } else if letters.count > 4, letters.hasSuffix("ies") {
      letters.removeLast(3)
      letters.append(0x79)  // y
    } else if letters.count > 4,
      letters.hasSuffix("sses") || letters.hasSuffix("ches") || letters.hasSuffix("shes")
        || letters.hasSuffix("xes")
    {
      letters.removeLast(2)
    } else if letters.hasSuffix("s"), !letters.hasSuffix("ss"), !letters.hasSuffix("us"),
      !letters.hasSuffix("is")
    {
      letters.removeLast()
    }
    if letters.count > 3, letters.last == 0x65 {  // a final e: "breathe", "race"
      letters.removeLast()
    }
    return String(decoding: letters, as: UTF8.self)
  }

  /// "stopp" → "stop", "dropp" → "drop"; double l, s and z stay ("swell", "pass", "fizz"), and so do
  /// double vowels ("wee", "see").
  private static func undouble(_ letters: inout [UInt8]) {
    guard letters.count >= 3, letters[letters.count - 1] == letters[letters.count - 2],
      !"lszaeiou".utf8.contains(letters[letters.count - 1])
    else { return }
    letters.removeLast()
  }
}

extension Array where Element == UInt8 {
  fileprivate func hasSuffix(_ suffix: String) -> Bool {
    let tail = Array(suffix.utf8)
    return count >= tail.count && self[(count - tail.count)...].elementsEqual(tail)
  }
}
