import Foundation

/// Each account as it stands now, for the login gate: a disabled account's open login ends at its next
/// request, and a changed role applies at once. Read from the store at most every few seconds.
actor AccountStatus {
  private let records: DeskRecords
  private let freshness: Duration
  private var accounts: [String: Account] = [:]
  private var readAt: ContinuousClock.Instant?

  init(records: DeskRecords, freshness: Duration = .seconds(3)) {
    self.records = records
    self.freshness = freshness
  }

  /// The account, if it exists and may use the desk.
  func active(_ name: String) async -> Account? {
    if readAt.map({ ContinuousClock.now - $0 > freshness }) ?? true {
      if let read = try? await records.run({ $0.accounts.accounts() }) {
        accounts = read
        readAt = .now
      }
    }
    guard let account = accounts[name], !account.disabled else { return nil }
    return account
  }
}
