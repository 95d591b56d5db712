import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs `crscheck` on a pseudo-terminal, so that it sees a TTY and uses libedit, and lets a test type
/// keys and read the screen's bytes.
final class PseudoTerminal {
  let process = Process()
  private let master: Int32
  private(set) var screen = ""
  /// Where the next `waitFor` starts looking, so each wait is for new output.
  private var searchFrom = 0

  init(_ arguments: [String], environment: [String: String]) throws {
    // posix_openpt and friends are hidden from Swift's Glibc module; these Linux ioctls are what they
    // do (TIOCSPTLCK unlocks the pair, TIOCGPTN names the terminal end).
    let (TIOCSPTLCK, TIOCGPTN): (UInt32, UInt32) = (0x4004_5431, 0x8004_5430)
    master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
    var unlock: Int32 = 0
    var number: UInt32 = 0
    guard master >= 0, ioctl(master, UInt(TIOCSPTLCK), &unlock) == 0,
      ioctl(master, UInt(TIOCGPTN), &number) == 0
    else {
      throw POSIXError(.ENODEV)
    }
    let terminal = try FileHandle(forUpdating: URL(filePath: "/dev/pts/\(number)"))
    process.executableURL = Binary.url
    process.arguments = arguments
    process.currentDirectoryURL = Binary.repository
    process.environment = environment
    process.standardInput = terminal
    process.standardOutput = terminal
    process.standardError = terminal
    try process.run()
    try terminal.close()
  }

  deinit {
    if process.isRunning { process.terminate() }
    close(master)
  }

  /// Types once libedit is reading: keys typed earlier would meet the kernel's cooked mode, where Ctrl-D
  /// and Ctrl-C mean something else.
  func type(_ text: String) {
    waitUntilReading()
    _ = Array(text.utf8).withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
  }

  /// Sends a signal once the program's main thread sleeps (in read), as a person's Ctrl-C arrives
  /// while the program waits for keys rather than in the microseconds it spends echoing one.
  func signal(_ number: Int32, seconds: Double = 20) {
    let pid = process.processIdentifier
    let deadline = Date().addingTimeInterval(seconds)
    var sleeping = 0
    while sleeping < 3, Date() < deadline {
      let stat = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/stat", encoding: .utf8)) ?? ""
      let state = stat.split(separator: ")").last?.split(separator: " ").first
      sleeping = state == "S" ? sleeping + 1 : 0
      usleep(10_000)
    }
    kill(pid, number)
  }

  /// libedit turns canonical mode off while `readline()` waits for keys and back on when it returns.
  func waitUntilReading(seconds: Double = 20) {
    let deadline = Date().addingTimeInterval(seconds)
    var settings = termios()
    while Date() < deadline, tcgetattr(master, &settings) == 0, settings.c_lflag & UInt32(ICANON) != 0 {
      usleep(5_000)
    }
  }

  /// Reads until output after the previous match holds `text` (true), or `seconds` pass or the program
  /// ends (false).
  @discardableResult
  func waitFor(_ text: String, seconds: Double = 20) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let unread = screen.utf8.dropFirst(searchFrom)
      if let range = String(Substring(unread)).range(of: text) {
        searchFrom += String(Substring(unread))[..<range.upperBound].utf8.count
        return true
      }
      let left = deadline.timeIntervalSinceNow
      guard left > 0 else { return false }
      var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
      guard poll(&poller, 1, Int32(min(left, 1) * 1000)) >= 0 else { return false }
      if poller.revents & Int16(POLLIN) != 0 {
        let count = read(master, &buffer, buffer.count)
        guard count > 0 else { return false }
        screen += String(decoding: buffer[..<count], as: UTF8.self)
      } else if poller.revents & Int16(POLLHUP) != 0 {
        return false
      }
    }
  }

  /// Waits for the program to end and returns its exit status.
  func exitStatus(seconds: Double = 20) -> Int32? {
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline {
      _ = waitFor("\u{0}", seconds: 0.2)
    }
    guard !process.isRunning else { return nil }
    return process.terminationStatus
  }
}
