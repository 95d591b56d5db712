import Consultation
import DialogEngine
import Foundation
import Testing
import TranscriptStore

@testable import Terminal

/// A line source that plays back a script, as a terminal would deliver it.
struct ScriptedSource: LineSource {
  var script: [LineInput]
  var offered: [[String]] = []
  let limit = 4096

  mutating func next(prompt: String) -> LineInput {
    script.isEmpty ? .end : script.removeFirst()
  }

  mutating func offer(completions: [String]) {
    offered.append(completions)
  }
}

@Suite("The chat loop")
struct ChatLoopTests {
  static let dialog = try! DialogLoader.load(
    path: URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
      .appending(path: "Dialogs/crs.yaml").path)
  let root = FileManager.default.temporaryDirectory.appending(path: "chat-\(UUID())").path

  func run(_ script: [LineInput]) throws -> (
    output: [String], consultation: Consultation, offered: [[String]]
  ) {
    let consultation = Consultation(
      engine: Engine(dialog: Self.dialog),
      transcripts: FileTranscriptSink(store: TranscriptStore(root: root)),
      channel: "terminal")
    final class Lines: @unchecked Sendable { var all: [String] = [] }
    let lines = Lines()
    var loop = ChatLoop(
      source: ScriptedSource(script: script), renderer: TextRenderer(colour: false), prompt: "> "
    ) {
      lines.all.append($0)
    }
    loop.run(consultation)
    return (lines.all, consultation, loop.source.offered)
  }

  @Test("Ctrl-D says goodbye and saves the conversation as abandoned")
  func endOfInputIsPolite() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (output, consultation, _) = try run([.line("I have a headache")])
    #expect(output.last == Self.dialog.messages.goodbye)
    let transcript = try String(contentsOfFile: #require(consultation.transcriptPath), encoding: .utf8)
    #expect(transcript.split(separator: "\n").last?.contains("\"ending\":\"abandoned\"") == true)
  }

  @Test("Ctrl-C, an overlong line and unreadable text keep the question open")
  func badInputKeepsGoing() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (output, consultation, _) = try run([.interrupted, .tooLong, .invalidText, .line("I can't breathe")])
    #expect(output.contains { $0.hasPrefix("That line is too long") })
    #expect(output.contains { $0.hasPrefix("That line held characters that cannot be read") })
    #expect(consultation.session.status == .ended(disposition: "emergency"))
    #expect(output.contains { $0.contains("CALL 911") })
  }

  @Test("Tab completion is offered the current question's choices")
  func completionsFollowTheQuestion() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (_, _, offered) = try run([.line("hello")])
    #expect(offered.first?.contains("back") == true, "commands complete at the opening question")
    #expect(
      offered.last?.contains("chest pain") == true, "the question after the opening is the emergency screen")
    #expect(offered.last?.contains("back") == true)
  }
}
