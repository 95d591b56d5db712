import Foundation

/// A process's resident set size, read from Linux's /proc: the memory figure a hospital sizes a host by.
public enum ResidentMemory {
  /// VmRSS of `pid` in bytes, or nil when the process or the field is not there.
  public static func bytes(ofProcess pid: Int32) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
      let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
      return kilobytes.map { $0 * 1024 }
    }
    return nil
  }
}
