import Crypto
import Foundation

/// The kiosks allowed to connect and their tokens, read from a file of `kiosk-id token` lines.
public struct KioskTokens: Sendable {
  /// Each token as its SHA-256: every comparison is then over 32 bytes, whatever the lengths typed.
  private var digests: [String: SHA256Digest]

  /// The shortest token the tokens file may hold: 16 random characters are 64 bits or more.
  public static let minimumLength = 16

  public init(_ tokens: [String: String]) {
    digests = tokens.mapValues { SHA256.hash(data: Array($0.utf8)) }
  }

  /// Reads `kiosk-id token` lines; blank lines and `#` comments are skipped. A token shorter than
  /// `minimumLength` is refused, as a guessable one would let anyone open conversations as that kiosk.
  public init(contentsOf path: String) throws(ServerError) {
    guard let data = FileManager.default.contents(atPath: path),
      let text = String(data: data, encoding: .utf8)
    else {
      throw ServerError("cannot read the kiosk tokens file \(path)")
    }
    var tokens: [String: String] = [:]
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
      let words = content.split(whereSeparator: \.isWhitespace)
      if words.isEmpty { continue }
      guard words.count == 2 else {
        throw ServerError("\(path):\(number + 1): expected `kiosk-id token`")
      }
      guard words[1].utf8.count >= Self.minimumLength else {
        throw ServerError(
          "\(path):\(number + 1): the token of \(words[0]) is \(words[1].utf8.count) characters; use at least "
            + "\(Self.minimumLength) random ones (`openssl rand -hex 16` makes 32)")
      }
      tokens[String(words[0])] = String(words[1])
    }
    guard !tokens.isEmpty else { throw ServerError("\(path): no kiosk tokens") }
    self.init(tokens)
  }

  /// Whether `token` is the kiosk's. Both sides are compared as digests, in constant time, so neither
  /// the timing nor a difference in length can be used to learn or stretch a token.
  public func accepts(kiosk: String, token: String) -> Bool {
    let given = SHA256.hash(data: Array(token.utf8))
    // An unknown kiosk still costs a comparison, against a digest no token has.
    let expected = digests[kiosk] ?? SHA256.hash(data: Array("\u{0}no kiosk".utf8))
    var difference: UInt8 = 0
    for (left, right) in zip(expected, given) { difference |= left ^ right }
    return difference == 0 && digests[kiosk] != nil
  }
}
