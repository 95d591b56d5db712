import Foundation
import Testing

@Suite("crscheck chat through a pipe")
struct ChatCommandTests {
  @Test("a piped conversation runs to its advice, exits 0 and leaves a private transcript")
  func pipedConversation() throws {
    let folder = Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try Binary.run(
      ["chat", "--transcripts", folder],
      input: [
        "I had Kymriah 4 days ago and now I have a fever and a headache", "no", "me", "nothing else", "38.2",
        "no", "2026", "November", "Boston", "100 90 80 70 60 50 40 30 20 10", "The sun is shining today.",
        "same", "lymphoma", "moderate", "good",
      ].map { $0 + "\n" }.joined()
    )
    #expect(result.status == 0)
    #expect(result.output.contains("*** CONTACT YOUR CARE TEAM OR DOCTOR IMMEDIATELY ***"))
    #expect(
      result.output.contains("> I had Kymriah 4 days ago"),
      "piped lines are echoed so the output reads as a conversation")
    #expect(!result.output.contains("\u{1B}["), "no colour when output is not a terminal")
    #expect(result.error.isEmpty, "nothing, and no patient text, goes to standard error")
    let files = Binary.transcripts(in: folder)
    #expect(files.count == 1)
    let attributes = try FileManager.default.attributesOfItem(atPath: try #require(files.first))
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    let text = try String(contentsOfFile: files[0], encoding: .utf8)
    #expect(text.contains("\"disposition\":\"urgent\""))
  }

  @Test(
    "each of the four dispositions is reached in free text",
    arguments: [
      ("my husband passed out after his CAR-T\n", "CALL 911"),
      (
        "I had the flu and now a fever\nno\nme\nnothing else\nsame\nI don't know\nno\n",
        "CONTACT YOUR CARE TEAM"
      ),
      (
        "I have a cough\nno\nme\nnothing else\nno treatment\nbetter\nno\n",
        "CONTACT YOUR DOCTOR; THIS IS NOT AN EMERGENCY"
      ),
      (
        "checking in after rituximab 2 weeks ago\nno\nme\nnone\n",
        "NO SIGNS OF CRS NOW"
      ),
    ])
  func fourDispositions(input: String, heading: String) throws {
    let folder = Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try Binary.run(["chat", "--transcripts", folder], input: input)
    #expect(result.status == 0)
    #expect(result.output.contains(heading), "\(result.output)")
  }

  @Test("input that ends mid-conversation ends politely and is saved as abandoned")
  func abandonedConversation() throws {
    let folder = Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try Binary.run(["chat", "--transcripts", folder], input: "I have a headache\n")
    #expect(result.status == 0)
    #expect(result.output.hasSuffix("contact your care team.\n"))
    let text = try String(contentsOfFile: try #require(Binary.transcripts(in: folder).first), encoding: .utf8)
    #expect(text.contains("\"ending\":\"abandoned\""))
  }

  @Test("a huge line and binary bytes get a clear message and the conversation goes on")
  func hostileInput() throws {
    let folder = Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let huge = String(repeating: "fever ", count: 200_000)
    let result = try Binary.run(
      ["chat", "--transcripts", folder], input: huge + "\n\u{1}\u{2}binary\nI can't breathe\n")
    #expect(result.status == 0)
    #expect(result.output.contains("That line is too long"))
    #expect(result.output.contains("That line held characters that cannot be read"))
    #expect(result.output.contains("CALL 911"))
    let text = try String(contentsOfFile: try #require(Binary.transcripts(in: folder).first), encoding: .utf8)
    #expect(!text.contains("fever fever"), "a discarded line is not stored")
  }

  @Test("a broken dialog stops chat before it starts, with the problem's location")
  func brokenDialog() throws {
    let result = try Binary.run([
      "chat", "--dialog", "Tests/DialogEngineTests/Fixtures/dangling-target.yaml", "--transcripts",
      Binary.temporaryFolder(),
    ])
    #expect(result.status == 1)
    #expect(result.error.contains("dangling-target.yaml:93:11: error: goes to node `ask_symptom`"))
  }
}
