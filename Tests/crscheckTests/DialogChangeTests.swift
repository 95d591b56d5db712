import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A dialog file edited on disk while `serve` runs: the running server keeps the dialog it loaded, every
/// transcript names the version and SHA-256 it ran with, and review shows each as it was.
@Suite("a dialog changed on disk", .timeLimit(.minutes(2)))
struct DialogChangeTests {
  static let oldLabel = "Call 911 or go to the emergency department now"
  static let newLabel = "Telephone 911 (edited while serving)"

  @Test(
    "sessions keep the dialog they started with, transcripts record it, and review shows them as they ran")
  func changedWhileServing() throws {
    let folder = Binary.temporaryFolder()
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let dialog = folder + "/crs.yaml"
    let original = try String(
      contentsOf: Binary.repository.appending(path: "Dialogs/crs.yaml"), encoding: .utf8)
    try original.write(toFile: dialog, atomically: false, encoding: .utf8)
    let lexicon = try Data(contentsOf: Binary.repository.appending(path: "Dialogs/crs.en.yaml"))
    try lexicon.write(to: URL(filePath: folder + "/crs.en.yaml"))
    let spanish = try Data(contentsOf: Binary.repository.appending(path: "Dialogs/crs.es.yaml"))
    try spanish.write(to: URL(filePath: folder + "/crs.es.yaml"))
    // The fingerprint is of the dialog's bytes, then a newline and the bytes of each language's file.
    let fingerprinted = folder + "/fingerprinted"
    try (Data(original.utf8) + Data("\n".utf8) + lexicon + Data("\n".utf8) + spanish).write(
      to: URL(filePath: fingerprinted))
    let originalHash = try Self.sha256(fingerprinted)
    let version = try #require(original.firstMatch(of: /\nversion: (\S+)/)?.1)
    let transcripts = folder + "/transcripts"
    let (process, listening) = try ServeCommandTests.serve(
      store: transcripts, log: FileHandle.nullDevice, arguments: ["--dialog", dialog])
    defer { if process.isRunning { process.terminate() } }
    let port = try #require(listening)

    let midway = try Socket(port: port)
    #expect(midway.readLine()?.contains("version=\(version)") == true)
    midway.write("I have a headache\n")
    _ = midway.readThroughTurn()
    _ = midway.readThroughTurn()

    let edited = original.replacingOccurrences(of: "version: \(version)", with: "version: 9.9.9")
      .replacingOccurrences(of: Self.oldLabel, with: Self.newLabel)
    #expect(edited != original)
    try edited.write(toFile: dialog, atomically: false, encoding: .utf8)

    midway.write("my lips are blue\n")
    let midwayAdvice = midway.rest().joined(separator: "\n")
    let newcomer = try Socket(port: port)
    #expect(
      newcomer.readLine()?.contains("version=\(version)") == true, "the running server keeps its dialog")
    newcomer.write("I can't breathe\n")
    let newcomerAdvice = newcomer.rest().joined(separator: "\n")
    for advice in [midwayAdvice, newcomerAdvice] {
      #expect(advice.contains("*** \(Self.oldLabel.uppercased()) ***"), "\(advice)")
      #expect(!advice.contains(Self.newLabel.uppercased()))
    }
    kill(process.processIdentifier, SIGTERM)
    process.waitUntilExit()

    let sessions = Binary.transcripts(in: transcripts).map {
      URL(filePath: $0).deletingPathExtension().lastPathComponent
    }
    #expect(sessions.count == 2)
    for session in sessions {
      let show = try Binary.run(["review", "show", session, "--transcripts", transcripts, "--by", "test"])
      #expect(show.status == 0)
      #expect(show.output.contains("Dialog: crs \(version) (sha256 \(originalHash))"), "\(show.output)")
      #expect(show.output.contains("ADVICE: \(Self.oldLabel)"))
      #expect(!show.output.contains("9.9.9") && !show.output.contains(Self.newLabel))
    }

    // The edit was real: a server started now runs it.
    let (restarted, newPort) = try ServeCommandTests.serve(
      store: transcripts, log: FileHandle.nullDevice, arguments: ["--dialog", dialog])
    defer { if restarted.isRunning { restarted.terminate() } }
    let after = try Socket(port: try #require(newPort))
    #expect(after.readLine()?.contains("version=9.9.9") == true)
    kill(restarted.processIdentifier, SIGTERM)
    restarted.waitUntilExit()
  }

  /// The hex SHA-256 of a file, by coreutils, independent of the code under test.
  static func sha256(_ path: String) throws -> String {
    let process = Process()
    process.executableURL = URL(filePath: "/usr/bin/sha256sum")
    process.arguments = [path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    process.waitUntilExit()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return String(text.prefix { $0 != " " })
  }
}
