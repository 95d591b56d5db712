/// Reduces an English word to a rough stem so that a finding's phrase matches its inflections:
/// "breathe", "breathing", "breathed" and "breaths" are all "breath"; "stopped" and "stops" are "stop".
/// Deliberately light (a few suffix rules, after the S-stemmer and Porter's first steps): both the phrases
/// and the patient's words go through it, so a stem only has to be the same on both sides, not a word.
enum Stemmer {
  static func stem(_ word: String) -> String {
    let utf8 = word.utf8
    // Every patient word passes here once a turn: words it leaves alone return at once.
    guard utf8.count > 3, utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return word }
    // Plain ASCII letters, so suffixes are compared as bytes: String's own hasSuffix compares characters
    // by Unicode equivalence, which was a sixth of start-up, spent stemming the dialog's phrases.
    var stem = Array(utf8)
    let count = stem.count
    if count > 5, ends(stem, "ing") {
      stem.removeLast(3)
      undouble(&stem)
    } else if count > 4, ends(stem, "ed") {
      stem.removeLast(2)
      undouble(&stem)
    } else if count > 4, ends(stem, "ies") {
      stem.removeLast(3)
      stem.append(UInt8(ascii: "y"))
    } else if count > 4, ends(stem, "sses") || ends(stem, "ches") || ends(stem, "shes") || ends(stem, "xes") {
      stem.removeLast(2)
    } else if ends(stem, "s"), !ends(stem, "ss"), !ends(stem, "us"), !ends(stem, "is") {
      stem.removeLast()
    }
    if stem.count > 3, ends(stem, "e") {  // a final e: "breathe", "race"
      stem.removeLast()
    }
    return String(decoding: stem, as: UTF8.self)
  }

  private static func ends(_ bytes: [UInt8], _ suffix: StaticString) -> Bool {
    let length = suffix.utf8CodeUnitCount
    guard bytes.count >= length else { return false }
    return suffix.withUTF8Buffer { suffix in
      var index = 0
      while index < length {
        if bytes[bytes.count - length + index] != suffix[index] { return false }
        index += 1
      }
      return true
    }
  }

  /// "stopp" → "stop", "dropp" → "drop"; double l, s and z stay ("swell", "pass", "fizz"), and so do
  /// double vowels ("wee", "see").
  private static func undouble(_ stem: inout [UInt8]) {
    guard stem.count >= 3, let last = stem.last, stem[stem.count - 2] == last, !"lszaeiou".utf8.contains(last)
    else { return }
    stem.removeLast()
  }
}
