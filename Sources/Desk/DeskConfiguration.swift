import Foundation

/// How the desk is served: where, with which certificate, and its rules for logins.
public struct DeskConfiguration: Sendable {
  public var host = "127.0.0.1"
  public var port = 8080
  /// PEM files; with them the desk speaks HTTPS only and its cookie is `Secure`.
  public var tls: (certificate: String, key: String)?
  /// A login ends after this long without a request from its pages.
  public var idle: Duration = .seconds(15 * 60)
  /// How often the store is looked at for conversations that ended.
  public var poll: Duration = .seconds(1)
  /// bcrypt's work factor for new passwords.
  public var bcryptCost: UInt8 = 12

  public init() {}
}
