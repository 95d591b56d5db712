import Foundation

/// The fuzz targets, each a property check over any input. The libFuzzer executables and the regression
/// test (Tests/FuzzingTests) both call `check`, so a kept input replays through exactly the code the
/// fuzzer ran.
public enum FuzzTarget: String, CaseIterable, Sendable {
  /// Any text, at several questions of the CRS dialog, through the engine's step function.
  case understanding
  /// Any bytes from a client, through the server's framing, text checks and JSON decoding.
  case wire
  /// Any bytes as a dialog file, through the loader and the validator.
  case dialogLoader = "dialog-loader"

  /// Throws the first property that does not hold for `input`.
  public func check(_ input: [UInt8]) throws(PropertyViolation) {
    switch self {
    case .understanding: try UnderstandingHarness.check(input)
    case .wire: try WireHarness.check(input)
    case .dialogLoader: try DialogLoaderHarness.check(input)
    }
  }

  /// libFuzzer's entry: a broken property stops the process, which libFuzzer saves as a crash input.
  public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
      try check(input)
    } catch {
      fatalError("\(rawValue): \(error)")
    }
    return 0
  }

  /// Without libFuzzer, the executable checks the files (or every file in the folders) it is given, so
  /// anyone can reproduce a crash: `swift run fuzz-wire .fuzz/crashes/wire/crash-…`. Exit status 1 if a
  /// property broke.
  public func replay(_ paths: [String]) -> Int32 {
    var failed = false
    for path in paths.flatMap(Self.files) {
      guard let data = FileManager.default.contents(atPath: path) else {
        print("\(path): cannot read")
        failed = true
        continue
      }
      do {
        try check(Array(data))
        print("\(path): ok")
      } catch {
        print("\(path): \(error)")
        failed = true
      }
    }
    return failed ? 1 : 0
  }

  private static func files(_ path: String) -> [String] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [path] }
    return names.sorted().map { URL(filePath: path).appending(path: $0).path }
  }
}
