import ArgumentParser
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Reads a new password: at a terminal, twice and without echo; from a pipe, the first line. It is never
/// shown, logged or kept anywhere but as its hash.
enum PasswordPrompt {
  static func read(for name: String) throws -> String {
    guard isatty(STDIN_FILENO) == 1 else {
      guard let line = readLine(strippingNewline: true), !line.isEmpty else {
        throw ValidationError("no password on standard input")
      }
      return line
    }
    let first = try silently("Password for \(name): ")
    let second = try silently("The same password again: ")
    guard first == second else { throw ValidationError("the two passwords differ; nothing was added") }
    return first
  }

  /// One line typed with echo off; echo comes back even if reading fails.
  private static func silently(_ prompt: String) throws -> String {
    FileHandle.standardError.write(Data(prompt.utf8))
    var saved = termios()
    guard tcgetattr(STDIN_FILENO, &saved) == 0 else { throw ValidationError("cannot read the terminal") }
    var quiet = saved
    quiet.c_lflag &= ~tcflag_t(ECHO)
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
    defer {
      tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
      FileHandle.standardError.write(Data("\n".utf8))
    }
    guard let line = readLine(strippingNewline: true) else { throw ValidationError("no password given") }
    return line
  }
}
