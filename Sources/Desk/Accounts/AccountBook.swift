import Foundation
import HummingbirdBcrypt
import Synchronization
import TranscriptStore

/// The desk's accounts, kept as an append-only log of events in the store (created, disabled, enabled, a
/// login, a wrong password) and read by folding them: several desks on one database agree without locks,
/// and who could log in when is never overwritten. Blocking (bcrypt and the store): call it off the
/// cooperative pool.
public struct AccountBook: Sendable {
  /// Wrong passwords in a row that lock an account, and for how long.
  public static let failuresBeforeLock = 5
  public static let lockout: TimeInterval = 15 * 60
  public static let minimumPasswordLength = 12

  let log: any ReviewLog
  let cost: UInt8

  /// `cost` is bcrypt's work factor: 12 (about a quarter of a second here) unless a test asks for less.
  public init(log: any ReviewLog, cost: UInt8 = 12) {
    self.log = log
    self.cost = cost
  }

  /// What a login attempt came to.
  public enum Login: Sendable, Equatable {
    case admitted(Account)
    /// A wrong password or an unknown name: told apart only in the audit log.
    case refused
    /// This attempt, or earlier ones, locked the account until then.
    case locked(until: Date)
    case disabled
  }

  /// Every account, by name.
  public func accounts() -> [String: Account] {
    var accounts: [String: Account] = [:]
    for event in log.entries() {
      guard let name = event["account"], let kind = event["event"] else { continue }
      let at = event["at"].flatMap { try? Date($0, strategy: .iso8601) } ?? .distantPast
      if kind == "created", let role = event["role"].flatMap(Account.Role.init), let hash = event["hash"] {
        accounts[name] = Account(name: name, role: role, passwordHash: hash, created: at)
        continue
      }
      guard var account = accounts[name] else { continue }
      switch kind {
      case "disabled": account.disabled = true
      case "enabled":
        account.disabled = false
        account.failures = 0
        account.lockedUntil = nil
      case "login":
        account.failures = 0
        account.lastLogin = at
      case "failed":
        account.failures += 1
        if account.failures >= Self.failuresBeforeLock {
          account.lockedUntil = at.addingTimeInterval(Self.lockout)
          account.failures = 0
        }
      default: break
      }
      accounts[name] = account
    }
    return accounts
  }

  public func add(_ name: String, role: Account.Role, password: String, by actor: String) throws(AccountError)
  {
    guard Self.isValidName(name) else { throw .badName }
    guard password.count >= Self.minimumPasswordLength else { throw .shortPassword }
    guard accounts()[name] == nil else { throw .exists(name) }
    try append([
      "event": "created", "account": name, "role": role.rawValue, "hash": Bcrypt.hash(password, cost: cost),
      "by": actor,
    ])
  }

  /// Disables an account (`enabled: false`), or enables it again, which also lifts a lockout.
  public func set(_ name: String, enabled: Bool, by actor: String) throws(AccountError) {
    guard accounts()[name] != nil else { throw .unknown(name) }
    try append(["event": enabled ? "enabled" : "disabled", "account": name, "by": actor])
  }

  /// Checks a password, recording the login or the failure. An unknown name costs the same bcrypt time as
  /// a known one, so timing does not tell which names exist.
  public func logIn(_ name: String, password: String, at date: Date = Date()) throws(AccountError) -> Login {
    // One attempt at a time, so that attempts at once cannot each see the count before the others.
    try Self.attempts.withLock { _ throws(AccountError) in try attempt(name, password: password, at: date) }
  }

  private static let attempts = Mutex(())

  /// Every outcome costs one bcrypt, so that timing does not tell an unknown, disabled or locked name from
  /// a wrong password.
  private func attempt(_ name: String, password: String, at date: Date) throws(AccountError) -> Login {
    guard let account = accounts()[name] else {
      _ = Bcrypt.hash(password, cost: cost)
      return .refused
    }
    let matches = Bcrypt.verify(password, hash: account.passwordHash)
    if account.disabled { return .disabled }
    if let until = account.lockedUntil, until > date { return .locked(until: until) }
    guard matches else {
      try append(["event": "failed", "account": name], at: date)
      if let until = accounts()[name]?.lockedUntil, until > date { return .locked(until: until) }
      return .refused
    }
    try append(["event": "login", "account": name], at: date)
    return .admitted(account)
  }

  static func isValidName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, CharacterSet.letters.contains(first), name.count <= 64 else {
      return false
    }
    return name.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        || "._-".unicodeScalars
          .contains($0)
    }
  }

  private func append(_ event: [String: String], at date: Date = Date()) throws(AccountError) {
    var event = event
    event["at"] = date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    do {
      try log.append(event)
    } catch {
      throw .store("\(error)")
    }
  }
}
