import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A conversation's identity, `20261125T120102Z-3f9a1c2b5d7e9f01`: the moment it started (UTC, to the
/// second), so ids sort by time, and 64 random bits, so they are unique by chance. The start also names the
/// day folder its transcript lives in; this is the one place that rule is spelt.
public struct SessionID: Sendable, Hashable, CustomStringConvertible {
  public let text: String

  /// A new id for a conversation starting at `date`.
  public init(startingAt date: Date) {
    let parts = Self.utc(date)
    let stamp = String(
      format: "%04d%02d%02dT%02d%02d%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
      Int(parts.tm_mday),
      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    let random = String(UInt64.random(in: .min ... .max), radix: 16)
    text = stamp + "-" + String(repeating: "0", count: 16 - random.count) + random
  }

  /// An id given as text (by a clinician, on a command line); nil unless it starts with a date and holds
  /// only letters, digits and dashes, so it can never name a path elsewhere.
  public init?(_ text: String) {
    guard text.count >= 8, text.prefix(8).allSatisfy(\.isASCII), text.prefix(8).allSatisfy(\.isNumber),
      text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
    else { return nil }
    self.text = text
  }

  /// The day folder, relative to the transcripts folder: `2026/11/25`.
  public var day: String {
    let digits = Array(text.utf8.prefix(8))
    return String(decoding: digits[0..<4], as: UTF8.self) + "/"
      + String(decoding: digits[4..<6], as: UTF8.self)
      + "/" + String(decoding: digits[6..<8], as: UTF8.self)
  }

  /// The transcript file's path, relative to the transcripts folder.
  public var file: String { day + "/" + text + ".jsonl" }

  public var description: String { text }

  /// The day folder of a moment, relative to the transcripts folder.
  static func day(of date: Date) -> String {
    let parts = utc(date)
    return String(
      format: "%04d/%02d/%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday))
  }

  private static func utc(_ date: Date) -> tm {
    var time = time_t(date.timeIntervalSince1970.rounded(.down))
    var parts = tm()
    gmtime_r(&time, &parts)
    return parts
  }
}
