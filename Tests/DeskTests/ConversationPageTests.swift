import Foundation
import Review
import Testing
import TranscriptStore

@testable import Desk

@Suite("A conversation's page on the desk")
struct ConversationPageTests {
  static let lines = [
    #"{"at":"2026-12-01T10:00:00.000Z","channel":"tcp","format":1,"kiosk":"lobby-1","seq":0,"session":"s1","type":"session"}"#,
    #"{"at":"2026-12-01T10:00:05.000Z","reading":{"fills":[],"observations":[{"finding":"fever","present":true,"uncertain":false,"words":"fever"}],"topics":[],"unread":["<script>alert(1)</script>"]},"seq":1,"text":"<script>alert(1)</script> and a fever","type":"patient"}"#,
    #"{"at":"2026-12-01T10:00:09.000Z","ending":"quit","seq":2,"type":"end"}"#,
  ]

  static func page(lines: [String], problems: [TranscriptProblem] = []) -> String {
    let transcript = Transcript(session: "s1", location: "test", lines: lines)
    let text = TranscriptText(transcript: transcript, signOffs: [], problems: problems)
    let layout = Layout(staff: ("carol", .clinician, "token"))
    return ConversationPage(layout: layout, text: text, token: "token").render().raw
  }

  @Test(
    "what the patient typed is text, marked where it was understood, and what was not understood is listed")
  func patientLine() {
    let page = Self.page(lines: Self.lines)
    #expect(!page.contains("<script>alert"))
    #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; and a <mark>fever</mark>"))
    #expect(page.contains("class=\"unread\""))
    #expect(page.contains("Record intact"))
  }

  @Test("a record that does not verify says so in red, with what is wrong")
  func tampered() {
    let page = Self.page(lines: Self.lines, problems: [TranscriptProblem(.edited, "record 1 was changed")])
    #expect(page.contains("class=\"integrity bad\""))
    #expect(page.contains("This record does not verify."))
    #expect(page.contains("record 1 was changed"))
  }

  @Test("a conversation without its end record is said to be incomplete, in red")
  func incomplete() {
    let page = Self.page(lines: Array(Self.lines.dropLast()))
    #expect(page.contains("class=\"integrity bad\""))
    #expect(page.contains("This record is incomplete."))
  }

  @Test("every form on the page carries the session's token")
  func formToken() {
    let page = Self.page(lines: Self.lines)
    let forms = page.components(separatedBy: "<form").count - 1
    let tokens = page.components(separatedBy: "name=\"token\" value=\"token\"").count - 1
    #expect(forms == 2 && tokens == forms, "\(forms) forms, \(tokens) tokens")
  }
}
