import Foundation

/// A member of staff who may use the review desk, as the account events made them.
public struct Account: Sendable, Hashable {
  /// Clinicians read and sign; admins also manage accounts and read the audit log.
  public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    case clinician
    case admin
  }

  public var name: String
  public var role: Role
  /// The bcrypt hash of the password: the password itself is never kept.
  var passwordHash: String
  public var disabled = false
  public var created: Date
  public var lastLogin: Date?
  /// Wrong passwords since the last login or lockout.
  public var failures = 0
  public var lockedUntil: Date?

  /// Whether wrong passwords have locked the account at `date`.
  public func isLocked(at date: Date) -> Bool {
    lockedUntil.map { $0 > date } ?? false
  }
}
