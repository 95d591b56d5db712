import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Writing to the terminal, unbuffered so each reply shows before the next prompt, and the checks that
/// decide whether colour and line editing apply.
enum Console {
  static func write(_ text: String, terminator: String = "\n") {
    FileHandle.standardOutput.write(Data((text + terminator).utf8))
  }

  static func error(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }

  static var isInteractive: Bool { isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0 }

  /// Colour only on a terminal, and never when NO_COLOR is set to anything (no-color.org).
  static var allowsColour: Bool {
    guard isatty(STDOUT_FILENO) != 0 else { return false }
    guard let noColour = getenv("NO_COLOR") else { return true }
    return noColour.pointee == 0
  }
}
