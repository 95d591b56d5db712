/// Why an account could not be added or changed, said so that the person at the command line can fix it.
public struct AccountError: Error, CustomStringConvertible, Equatable {
  public let description: String

  init(_ description: String) {
    self.description = description
  }

  static func exists(_ name: String) -> AccountError { .init("an account named \(name) already exists") }
  static func unknown(_ name: String) -> AccountError { .init("there is no account named \(name)") }
  static let badName = AccountError(
    "an account name is 1 to 64 letters, digits, dots, hyphens or underscores, starting with a letter")
  static let shortPassword = AccountError(
    "a password needs at least \(AccountBook.minimumPasswordLength) characters")
  static func store(_ reason: String) -> AccountError { .init("the store could not be used: \(reason)") }
}
