import Foundation

/// What the desk keeps for one browser, server side, behind its session cookie: who is logged in (nobody
/// yet on the login form), the token every form must carry back, and when it was last used.
public struct DeskSession: Codable, Sendable {
  public var account: String?
  public var role: Account.Role?
  /// The form token (CSRF): a page's forms carry it, and a post without it is refused.
  public var token: String
  public var lastSeen: Date

  init(account: String? = nil, role: Account.Role? = nil, at date: Date = Date()) {
    self.account = account
    self.role = role
    token = Self.randomToken()
    lastSeen = date
  }

  static func randomToken() -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.map {
      String(repeating: "0", count: 16 - $0.count) + $0
    }.joined()
  }
}
