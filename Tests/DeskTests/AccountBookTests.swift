import Foundation
import Testing

@testable import Desk

@Suite("The desk's accounts")
struct AccountBookTests {
  let log = MemoryLog()
  var book: AccountBook { AccountBook(log: log, cost: 4) }
  let password = "a long enough password"

  @Test("an account added logs in with its password, and the log keeps only a bcrypt hash of it")
  func addAndLogIn() throws {
    try book.add("carol", role: .clinician, password: password, by: "test")
    guard case .admitted(let account) = try book.logIn("carol", password: password) else {
      Issue.record("the right password was refused")
      return
    }
    #expect(account.role == .clinician)
    #expect(!log.entries().description.contains(password))
    #expect(log.entries().first?["hash"]?.hasPrefix("$2") == true)
    #expect(book.accounts()["carol"]?.lastLogin != nil)
  }

  @Test("a wrong password and an unknown name are refused alike")
  func refusals() throws {
    try book.add("carol", role: .clinician, password: password, by: "test")
    #expect(try book.logIn("carol", password: "not it at all") == .refused)
    #expect(try book.logIn("nobody", password: password) == .refused)
  }

  @Test("five wrong passwords lock the account for 15 minutes, even against the right one; then it opens")
  func lockout() throws {
    try book.add("carol", role: .clinician, password: password, by: "test")
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    for attempt in 1...4 {
      #expect(
        try book.logIn("carol", password: "wrong", at: start.addingTimeInterval(Double(attempt))) == .refused)
    }
    guard
      case .locked(let until) = try book.logIn("carol", password: "wrong", at: start.addingTimeInterval(5))
    else {
      Issue.record("the fifth wrong password did not lock the account")
      return
    }
    #expect(until == start.addingTimeInterval(5 + 15 * 60))
    #expect(
      try book.logIn("carol", password: password, at: start.addingTimeInterval(60)) == .locked(until: until))
    guard case .admitted = try book.logIn("carol", password: password, at: until.addingTimeInterval(1)) else {
      Issue.record("the account stayed locked after 15 minutes")
      return
    }
  }

  @Test("a login in between starts the count of wrong passwords again")
  func successResetsFailures() throws {
    try book.add("carol", role: .clinician, password: password, by: "test")
    for _ in 1...4 { _ = try book.logIn("carol", password: "wrong") }
    _ = try book.logIn("carol", password: password)
    for _ in 1...4 { #expect(try book.logIn("carol", password: "wrong") == .refused) }
  }

  @Test("a disabled account cannot log in; enabling it again also lifts a lockout")
  func disableAndEnable() throws {
    try book.add("carol", role: .clinician, password: password, by: "test")
    try book.set("carol", enabled: false, by: "admin")
    #expect(try book.logIn("carol", password: password) == .disabled)
    try book.set("carol", enabled: true, by: "admin")
    for _ in 1...5 { _ = try book.logIn("carol", password: "wrong") }
    try book.set("carol", enabled: true, by: "admin")
    guard case .admitted = try book.logIn("carol", password: password) else {
      Issue.record("enabling did not lift the lockout")
      return
    }
  }

  @Test("names are checked, passwords must be long enough, and a name is taken once")
  func rules() throws {
    #expect(throws: AccountError.badName) {
      try book.add("../etc", role: .admin, password: password, by: "t")
    }
    #expect(throws: AccountError.shortPassword) {
      try book.add("carol", role: .admin, password: "short", by: "t")
    }
    try book.add("carol", role: .admin, password: password, by: "t")
    #expect(throws: AccountError.exists("carol")) {
      try book.add("carol", role: .admin, password: password, by: "t")
    }
    #expect(throws: AccountError.unknown("dave")) { try book.set("dave", enabled: false, by: "t") }
  }
}
