import Foundation

/// The kiosks allowed to connect and their tokens, read from a file of `kiosk-id token` lines.
public struct KioskTokens: Sendable {
  private var tokens: [String: [UInt8]]

  public init(_ tokens: [String: String]) {
    self.tokens = tokens.mapValues { Array($0.utf8) }
  }

  /// Reads `kiosk-id token` lines; blank lines and `#` comments are skipped.
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
      tokens[String(words[0])] = String(words[1])
    }
    guard !tokens.isEmpty else { throw ServerError("\(path): no kiosk tokens") }
    self.init(tokens)
  }

  /// Whether `token` is the kiosk's, compared in constant time so that timing reveals nothing of it.
  public func accepts(kiosk: String, token: String) -> Bool {
    let expected = tokens[kiosk] ?? Array(repeating: 0, count: 32)
    let given = Array(token.utf8)
    var difference = UInt8(truncatingIfNeeded: expected.count ^ given.count)
    for index in 0..<expected.count {
      difference |= expected[index] ^ (index < given.count ? given[index] : 0)
    }
    return difference == 0 && tokens[kiosk] != nil
  }
}
