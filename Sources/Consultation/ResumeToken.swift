import Crypto
import DialogEngine

/// The secret a kiosk holds to take its conversation up again: 128 random bits as 32 hex digits, from the
/// system's secure generator. The transcript keeps only its SHA-256, so reading transcripts does not give
/// the power to drive someone's conversation.
enum ResumeToken {
  static func make() -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<2).map { _ in
      let word = String(generator.next(), radix: 16)
      return String(repeating: "0", count: 16 - word.count) + word
    }.joined()
  }

  static func digest(_ token: String) -> String {
    SHA256.hex(of: Array(token.utf8))
  }

  /// Whether `token` is the one `digest` was made from, in time that does not depend on where they differ.
  static func matches(_ token: String, digest expected: String) -> Bool {
    let actual = Array(digest(token).utf8)
    let wanted = Array(expected.utf8)
    guard actual.count == wanted.count else { return false }
    return zip(actual, wanted).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
  }
}
