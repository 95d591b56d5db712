import Foundation

/// The built `crscheck` executable, run as a child process the way a user or a script runs it.
enum Binary {
  /// Beside the test bundle in the build folder, whatever the build configuration.
  static let url = URL(filePath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    .appending(path: "crscheck")
  static let repository = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  struct Result {
    var status: Int32
    var output: String
    var error: String
  }

  /// Runs with `input` as standard input (a file, so never a terminal) from the repository root.
  /// Runs the binary (or another program) to its end, with `input` on its standard input.
  static func run(
    _ arguments: [String], input: String = "", environment: [String: String] = [:], program: URL = url
  ) throws -> Result {
    let scratch = FileManager.default.temporaryDirectory.appending(path: "crscheck-run-\(UUID())")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let paths = ["in", "out", "err"].map { scratch.appending(path: $0) }
    try Data(input.utf8).write(to: paths[0])
    for path in paths.dropFirst() { _ = FileManager.default.createFile(atPath: path.path, contents: nil) }
    let process = Process()
    process.executableURL = program
    process.arguments = arguments
    process.currentDirectoryURL = repository
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.standardInput = try FileHandle(forReadingFrom: paths[0])
    process.standardOutput = try FileHandle(forWritingTo: paths[1])
    process.standardError = try FileHandle(forWritingTo: paths[2])
    try process.run()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, output: try String(contentsOf: paths[1], encoding: .utf8),
      error: try String(contentsOf: paths[2], encoding: .utf8))
  }

  static func temporaryFolder() -> String {
    FileManager.default.temporaryDirectory.appending(path: "crscheck-test-\(UUID())").path
  }

  /// Every transcript file under a folder (in its day folders: not the sign-offs or the audit log).
  static func transcripts(in folder: String) -> [String] {
    let files = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
    return files.filter { $0.hasSuffix(".jsonl") && $0.contains("/") && !$0.hasSuffix("index.jsonl") }.map {
      "\(folder)/\($0)"
    }
  }
}

/// Runs a test's blocking work (child processes, sockets, threads that wait for each other) on a thread of
/// its own, so that it does not hold one of the few threads every async test shares: two such tests at once
/// on two cores would otherwise stall the rest of the suite until they finished.
func offThePool<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
  try await withCheckedThrowingContinuation { continuation in
    let thread = Thread { continuation.resume(with: Result { try body() }) }
    thread.start()
  }
}
