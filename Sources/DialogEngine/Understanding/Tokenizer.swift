import Foundation

/// Splits text into lower-case tokens the same way for patient lines and for dialog phrases, so that a
/// phrase written "car-t" matches a patient typing "CAR T" or "Car-T". Text is normalised first:
/// compatibility forms ("ｆｅｖｅｒ", "ﬁt") become plain letters, invisible format characters (zero-width
/// spaces and joiners, soft hyphens) are dropped, so "bre\u{200D}athe" is "breathe", and a letter repeated
/// three times or more counts twice ("sooooo" is "soo"), which spelling correction then mends.
public enum Tokenizer {
  public static func tokens(_ text: String) -> [Token] {
    // Plain ASCII, most lines, only needs lower-casing; Foundation's folding costs more than the rest of
    // a turn's understanding.
    let folded =
      text.utf8.allSatisfy { $0 < 0x80 }
      ? text.lowercased()
      : visible(text.precomposedStringWithCompatibilityMapping).folding(
        options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    var tokens: [Token] = []
    var current = ""
    var currentKind: Token.Kind?
    /// How many times the current word's last letter came in a row, so a third is dropped.
    var run = 0
    var last: Unicode.Scalar?
    func flush() {
      if let kind = currentKind, !current.isEmpty { tokens.append(Token(current, kind)) }
      current = ""
      currentKind = nil
      run = 0
      last = nil
    }
    let scalars = Array(folded.unicodeScalars)
    for (index, scalar) in scalars.enumerated() {
      let next = index + 1 < scalars.count ? scalars[index + 1] : nil
      if isDigit(scalar) {
        if currentKind != .number { flush() }
        currentKind = .number
        current.unicodeScalars.append(scalar)
      } else if scalar == ".", currentKind == .number,
        let next, isDigit(next)
      {
        current.unicodeScalars.append(".")
      } else if isLetter(scalar) {
        if currentKind != .word { flush() }
        currentKind = .word
        run = scalar == last ? run + 1 : 1
        last = scalar
        if run > 2 { continue }
        current.unicodeScalars.append(scalar)
      } else if scalar == "'" || scalar == "\u{2019}" || scalar == "`" {
        // "don't" and "dont" are one word to the phrase lists.
        continue
      } else if ".,;:!?()[]\n".unicodeScalars.contains(scalar) {
        flush()
        if tokens.last?.kind != .clauseBreak { tokens.append(Token(String(scalar), .clauseBreak)) }
      } else if "%/°+<>".unicodeScalars.contains(scalar) {
        flush()
        tokens.append(Token(String(scalar), .symbol))
      } else {
        flush()
      }
    }
    flush()
    return tokens
  }

  /// The text without format characters (Unicode category Cf), which show as nothing but split words.
  private static func visible(_ text: String) -> String {
    var kept = String.UnicodeScalarView()
    for scalar in text.unicodeScalars where scalar.properties.generalCategory != .format {
      kept.append(scalar)
    }
    return String(kept)
  }

  /// Built once: on Linux each `CharacterSet.letters` builds a new set, which per character dominated
  /// the cost of a turn.
  private static let digits = CharacterSet.decimalDigits
  private static let letters = CharacterSet.letters

  private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isASCII ? ("0"..."9").contains(scalar) : digits.contains(scalar)
  }

  private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isASCII ? ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) : letters.contains(scalar)
  }

  /// The words of a phrase, as a patient's line would be split.
  public static func words(_ phrase: String) -> [String] {
    tokens(phrase).filter { $0.kind != .clauseBreak }.map(\.text)
  }
}
