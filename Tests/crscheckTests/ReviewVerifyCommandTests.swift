import Foundation
import Testing

/// `crscheck review verify` on the command line: deleted transcripts, and an anchor kept elsewhere.
@Suite("crscheck review verify")
struct ReviewVerifyCommandTests {
  /// A transcripts folder with two finished conversations, the second newer; returns their files.
  func twoConversations(in folder: String) throws -> [String] {
    var paths: [String] = []
    for _ in 0..<2 {
      let before = Set(Binary.transcripts(in: folder))
      _ = try Binary.run(["chat", "--transcripts", folder], input: "I can't breathe\n")
      paths += Set(Binary.transcripts(in: folder)).subtracting(before)
    }
    #expect(paths.count == 2)
    return paths
  }

  func verify(_ folder: String, _ extra: [String] = []) throws -> Binary.Result {
    try Binary.run(["review", "verify", "--transcripts", folder] + extra)
  }

  @Test("a transcript deleted from a day the index lists is reported, and verify fails")
  func deletedTranscript() throws {
    let folder = Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let paths = try twoConversations(in: folder)
    #expect(try verify(folder, ["--all"]).status == 0)
    try FileManager.default.removeItem(atPath: paths[0])
    let result = try verify(folder, ["--all"])
    #expect(result.status == 1)
    #expect(result.output.contains("missing"), "\(result.output)")
  }

  @Test("--print-anchor prints one hash; --anchor fails once the newest entry and its file are gone")
  func anchor() throws {
    let folder = Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let paths = try twoConversations(in: folder)
    let printed = try verify(folder, ["--print-anchor"])
    #expect(printed.status == 0)
    let anchor = printed.output.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(anchor.count == 64 && !anchor.contains("\n"), "\(printed.output)")
    #expect(try verify(folder, ["--all", "--anchor", anchor]).status == 0)

    let index = URL(filePath: paths[1]).deletingLastPathComponent().path + "/index.jsonl"
    let session = URL(filePath: paths[1]).deletingPathExtension().lastPathComponent
    let kept = try String(contentsOfFile: index, encoding: .utf8).split(separator: "\n").filter {
      !$0.contains(session)
    }
    try kept.map { $0 + "\n" }.joined().write(toFile: index, atomically: false, encoding: .utf8)
    try FileManager.default.removeItem(atPath: paths[1])
    #expect(
      try verify(folder, ["--all"]).status == 0, "without the anchor the newest removal leaves no trace")
    let anchored = try verify(folder, ["--all", "--anchor", anchor])
    #expect(anchored.status == 1)
    #expect(anchored.output.contains("anchor"), "\(anchored.output)")
  }
}
