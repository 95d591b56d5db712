import ArgumentParser
import Desk
import Foundation

struct DeskUserCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "user", abstract: "The desk's staff accounts: add, list, disable, enable.",
    subcommands: [Add.self, List.self, Disable.self, Enable.self])

  /// The store's account book, opened once for the command.
  static func book(_ store: StoreOptions) throws -> AccountBook {
    AccountBook(log: try StoreConnection.shared(try store.location).library.accounts)
  }

  /// Who ran the command, for the account events and the audit log.
  static var commandUser: String {
    "\(ProcessInfo.processInfo.environment["USER"] ?? "unknown") (command line)"
  }

  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Add an account. The password is asked for without echo, or read from standard input.",
      discussion:
        "At a terminal the password is asked for twice; otherwise the first line of standard input is it.")

    @Argument(help: "The account name (letters, digits, dots, hyphens, underscores).")
    var name: String

    @Option(help: "clinician (reads and signs) or admin (also manages accounts and reads the audit log).")
    var role: Account.Role

    @OptionGroup var store: StoreOptions

    func run() throws {
      let password = try PasswordPrompt.read(for: name)
      do {
        try DeskUserCommand.book(store).add(
          name, role: role, password: password, by: DeskUserCommand.commandUser)
      } catch {
        Console.error("crscheck desk user add: \(error)")
        throw ExitCode.failure
      }
      Console.write("Added \(name) (\(role.rawValue)).")
    }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Every account and its state.")

    @OptionGroup var store: StoreOptions

    func run() throws {
      let accounts = try DeskUserCommand.book(store).accounts().values.sorted { $0.name < $1.name }
      if accounts.isEmpty {
        Console.write("No accounts yet: add one with `crscheck desk user add NAME --role admin`.")
        return
      }
      let now = Date()
      for account in accounts {
        let state =
          account.disabled
          ? "disabled"
          : account.isLocked(at: now)
            ? "locked until \(account.lockedUntil!.formatted(Date.ISO8601FormatStyle()))" : "active"
        let login =
          account.lastLogin.map { "last login \($0.formatted(Date.ISO8601FormatStyle()))" }
          ?? "never logged in"
        Console.write(
          "\(account.name.padding(toLength: 20, withPad: " ", startingAt: 0)) "
            + "\(account.role.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(state), \(login)"
        )
      }
    }
  }

  struct Disable: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stop an account from logging in.")

    @Argument var name: String
    @OptionGroup var store: StoreOptions

    func run() throws {
      try DeskUserCommand.change(name, enabled: false, store: store)
      Console.write("Disabled \(name).")
    }
  }

  struct Enable: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Let a disabled account log in again; also lifts a lockout.")

    @Argument var name: String
    @OptionGroup var store: StoreOptions

    func run() throws {
      try DeskUserCommand.change(name, enabled: true, store: store)
      Console.write("Enabled \(name).")
    }
  }

  static func change(_ name: String, enabled: Bool, store: StoreOptions) throws {
    do {
      try book(store).set(name, enabled: enabled, by: commandUser)
    } catch {
      Console.error("crscheck desk user: \(error)")
      throw ExitCode.failure
    }
  }
}

extension Account.Role: ExpressibleByArgument {}
