import Foundation

/// Text read from a transcript made fit to show: a transcript is a file someone could have edited, so
/// control characters (C0 but newline and tab, DEL, C1), which a terminal would obey, and bidirectional
/// controls, which reorder what a reader sees (U+202E), are shown as `<U+XXXX>` instead of acted on.
public enum SafeText {
  public static func neutralised(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
    var shown = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if isUnsafe(scalar) {
        shown.append(contentsOf: String(format: "<U+%04X>", scalar.value).unicodeScalars)
      } else {
        shown.append(scalar)
      }
    }
    return String(shown)
  }

  /// Text neutralised and escaped for HTML, in content and in quoted attributes: the one escape every page
  /// and export uses.
  public static func htmlEscaped(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in neutralised(text) {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      default: result.append(character)
      }
    }
    return result
  }

  static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x0A, 0x09: false
    case 0x00...0x1F, 0x7F...0x9F: true
    // Arabic letter mark, left-to-right and right-to-left marks, embeddings, overrides and isolates.
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }
}
