/// Reduces an English word to a rough stem so that a finding's phrase matches its inflections:
/// "breathe", "breathing", "breathed" and "breaths" are all "breath"; "stopped" and "stops" are "stop".
/// Deliberately light (a few suffix rules, after the S-stemmer and Porter's first steps): both the phrases
/// and the patient's words go through it, so a stem only has to be the same on both sides, not a word.
enum Stemmer {
  static func stem(_ word: String) -> String {
    let utf8 = word.utf8
    // Every patient word passes here once a turn: words it leaves alone return at once.
    guard utf8.count > 3, utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return word }
    var stem = Substring(word)
    let count = utf8.count
    if count > 5, stem.hasSuffix("ing") {
      stem.removeLast(3)
      undouble(&stem)
    } else if count > 4, stem.hasSuffix("ed") {
      stem.removeLast(2)
      undouble(&stem)
    } else if count > 4, stem.hasSuffix("ies") {
      stem.removeLast(3)
      stem.append("y")
    } else if count > 4,
      stem.hasSuffix("sses") || stem.hasSuffix("ches") || stem.hasSuffix("shes") || stem.hasSuffix("xes")
    {
      stem.removeLast(2)
    } else if stem.hasSuffix("s"), !stem.hasSuffix("ss"), !stem.hasSuffix("us"), !stem.hasSuffix("is") {
      stem.removeLast()
    }
    if stem.utf8.count > 3, stem.hasSuffix("e") {  // a final e: "breathe", "race"
      stem.removeLast()
    }
    return String(stem)
  }

  /// "stopp" → "stop", "dropp" → "drop"; double l, s and z stay ("swell", "pass", "fizz"), and so do
  /// double vowels ("wee", "see").
  private static func undouble(_ stem: inout Substring) {
    guard stem.utf8.count >= 3, let last = stem.utf8.last, stem.utf8.dropLast().last == last,
      !"lszaeiou".utf8.contains(last)
    else { return }
    stem.removeLast()
  }
}
