import Foundation
import Testing

/// Whole conversations over real sockets, in both modes.
@Suite("crscheck serve: conversations", .timeLimit(.minutes(2)))
struct ConversationTests {
  /// Patient lines reaching each disposition; the path is the dialog's, as at the terminal.
  static let scripts: [(lines: [String], disposition: String)] = [
    (["my husband passed out after his CAR-T"], "emergency"),
    (["I had the flu and now a fever", "no", "me", "nothing else", "same", "I don't know", "no"], "urgent"),
    (["I have a cough", "no", "me", "nothing else", "no treatment", "better", "no"], "consult"),
    (["checking in after rituximab 2 weeks ago", "no", "me", "none"], "monitor"),
  ]

  @Test("a person with nc reaches each disposition in text mode", arguments: 0..<4)
  func textMode(script: Int) async throws {
    let server = try await TestServer.start()
    defer { server.removeTranscripts() }
    let (lines, disposition) = Self.scripts[script]
    try await LineClient.withConnection(port: server.port) { client in
      let hello = try #require(try await client.next())
      #expect(hello.hasPrefix("CRSCHECK/1 dialog=crs version="))
      #expect(hello.contains(" auth=none -- "))
      try await client.send("")
      #expect(try await client.turn().last == "> ")
      for line in lines {
        try await client.send(line)
        _ = try await client.turn()
      }
      let all = client.received.joined(separator: "\n")
      #expect(all.contains("*** " + (TestServer.dialog.disposition(disposition)?.label.uppercased() ?? "?")))
      let rest = try await client.rest()
      #expect((rest.last ?? client.received.last(where: { !$0.isEmpty })) == "Goodbye.")
    }
    try await server.stop()
    let records = try server.transcriptRecords()
    #expect(records.count == 1)
    #expect(records.first?.first?["channel"] as? String == "tcp")
    #expect(records.first?.last?["disposition"] as? String == disposition)
  }

  @Test("a first line that is the patient's words is not lost: an emergency at once")
  func firstLineIsKept() async throws {
    let server = try await TestServer.start()
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      _ = try await client.next()
      try await client.send("I can't breathe")
      let rest = try await client.rest().joined(separator: "\n")
      #expect(rest.contains("*** CALL 911"))
    }
    try await server.stop()
  }

  @Test(
    "a program reaches each disposition in JSON mode, and every turn ends with one ask or bye",
    arguments: 0..<4)
  func jsonMode(script: Int) async throws {
    let server = try await TestServer.start()
    defer { server.removeTranscripts() }
    let (lines, disposition) = Self.scripts[script]
    try await LineClient.withConnection(port: server.port) { client in
      _ = try await client.next()
      try await client.send(#"{"type":"hello"}"#)
      var turn = try await client.turn().map(json)
      let hello = try #require(turn.first)
      #expect(hello["type"] as? String == "hello")
      #expect(hello["protocol"] as? Int == 1)
      #expect((hello["dialog"] as? [String: Any])?["id"] as? String == "crs")
      for line in lines {
        #expect(
          turn.filter { ["ask", "bye"].contains($0["type"] as? String) }.count == 1, "one ask or bye per turn"
        )
        #expect(turn.last?["type"] as? String == "ask")
        let message = try JSONSerialization.data(withJSONObject: ["type": "answer", "text": line])
        try await client.send(String(decoding: message, as: UTF8.self))
        turn = try await client.turn().map(json)
      }
      let result = try #require(turn.first { $0["type"] as? String == "result" })
      #expect(result["disposition"] as? String == disposition)
      #expect(result["advice"] as? String != nil)
      #expect(turn.last?["type"] as? String == "bye")
      #expect(turn.last?["reason"] as? String == "completed")
      #expect(try await client.rest().isEmpty, "the server closes after bye")
    }
    try await server.stop()
  }

  @Test("a JSON hello may ask for Spanish: the conversation and its transcript are in Spanish")
  func jsonSpanish() async throws {
    let server = try await TestServer.start()
    defer { server.removeTranscripts() }
    let spanish = try #require(TestServer.dialog.translation("es"))
    try await LineClient.withConnection(port: server.port) { client in
      _ = try await client.next()
      try await client.send(#"{"type":"hello","language":"es"}"#)
      let turn = try await client.turn().map(json)
      guard case .ask(let opening)? = spanish.node("opening")?.kind else { Issue.record(); return }
      #expect(turn.last?["text"] as? String == opening.text)
      // A kiosk's command button works in the patient's language.
      try await client.send(#"{"type":"command","command":"help"}"#)
      let help = try await client.turn().map(json)
      #expect(help.contains { $0["text"] as? String == spanish.messages.help })
      try await client.send(#"{"type":"answer","text":"mi esposo se desmayo y no responde"}"#)
      let result = try #require(try await client.turn().map(json).first { $0["type"] as? String == "result" })
      #expect(result["disposition"] as? String == "emergency")
      #expect(result["label"] as? String == spanish.disposition("emergency")?.label)
    }
    try await server.stop()
    #expect(try server.transcriptRecords().first?.first?["language"] as? String == "es")
  }

  @Test("the JSON hello carries the kiosk program's words in every language, and each question its language")
  func jsonHelloCarriesKioskWords() async throws {
    let server = try await TestServer.start()
    defer { server.removeTranscripts() }
    let spanish = try #require(TestServer.dialog.translation("es"))
    try await LineClient.withConnection(port: server.port) { client in
      _ = try await client.next()
      try await client.send(#"{"type":"hello"}"#)
      let turn = try await client.turn().map(json)
      let hello = try #require(turn.first { $0["type"] as? String == "hello" })
      let words = try #require(hello["kiosk"] as? [String: [String: String]])
      #expect(Set(words.keys) == ["en", "es"])
      // The unavailable screen's words, with the emergency number, as the dialog has them.
      #expect(words["en"]?["kiosk_unavailable"] == TestServer.dialog.messages.notices[.kioskUnavailable])
      #expect(words["es"]?["kiosk_unavailable"] == spanish.messages.notices[.kioskUnavailable])
      #expect(words["es"]?["kiosk_back"] == "Atrás")
      #expect(turn.last?["language"] as? String == "en")
      // Once the patient writes in Spanish, the questions say so, and the kiosk shows its Spanish words.
      try await client.send(#"{"type":"answer","text":"español"}"#)
      let next = try await client.turn().map(json)
      #expect(next.last?["type"] as? String == "ask")
      #expect(next.last?["language"] as? String == "es")
    }
    try await server.stop()
  }

  @Test("in text mode a Spanish first line switches to Spanish, and the transcript says so")
  func textSpanish() async throws {
    let server = try await TestServer.start()
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      _ = try await client.next()
      try await client.send("mi hijo tiene fiebre y le cuesta respirar")
      let rest = try await client.rest().joined(separator: "\n")
      let label = try #require(TestServer.dialog.translation("es")?.disposition("emergency")?.label)
      #expect(rest.contains("*** " + label.uppercased()))
      // The server's own goodbye is in the conversation's language too.
      let goodbye = try #require(TestServer.dialog.translation("es")?.messages.notice(.byeCompleted))
      #expect(goodbye != TestServer.dialog.messages.notice(.byeCompleted))
      #expect(rest.contains(goodbye))
    }
    try await server.stop()
    let records = try #require(try server.transcriptRecords().first)
    #expect(records.first?["language"] as? String == "en")
    #expect(records.contains { $0["type"] as? String == "patient" && $0["language"] as? String == "es" })
  }

  @Test("JSON answers by choice id, several choice ids and commands")
  func jsonChoicesAndCommands() async throws {
    let server = try await TestServer.start()
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      try await client.beginJSON()
      try await client.send(#"{"type":"answer","text":"hello"}"#)
      var turn = try await client.turn().map(json)
      #expect(turn.last?["slot"] as? String == "emergency_check")
      try await client.send(#"{"type":"answer","text":"no"}"#)
      turn = try await client.turn().map(json)
      #expect(turn.last?["slot"] as? String == "subject")
      try await client.send(#"{"type":"answer","choice":"daughter"}"#)
      turn = try await client.turn().map(json)
      #expect(turn.last?["text"] as? String == "Which of these symptoms does your daughter have now, if any?")
      try await client.send(#"{"type":"command","command":"back"}"#)
      turn = try await client.turn().map(json)
      #expect(turn.last?["slot"] as? String == "subject")
      try await client.send(#"{"type":"answer","choice":"nonsense"}"#)
      turn = try await client.turn().map(json)
      #expect(turn.first?["type"] as? String == "error")
      #expect(turn.first?["code"] as? String == "bad_message")
      #expect(turn.last?["type"] as? String == "ask", "the question stands after an error")
      try await client.send(#"{"type":"answer","choice":"self"}"#)
      turn = try await client.turn().map(json)
      #expect(turn.last?["slot"] as? String == "symptoms")
      for _ in 0..<2 {
        try await client.send(#"{"type":"command","command":"back"}"#)
        turn = try await client.turn().map(json)
      }
      #expect(turn.last?["slot"] as? String == "emergency_check")
      try await client.send(#"{"type":"answer","choices":["chest_pain","seizures"]}"#)
      turn = try await client.turn().map(json)
      let result = try #require(turn.first { $0["type"] as? String == "result" })
      #expect(result["disposition"] as? String == "emergency")
      let findings = (result["findings"] as? [[String: Any]])?.compactMap { $0["finding"] as? String }
      #expect(findings?.contains("chest_pain") == true && findings?.contains("seizures") == true)
      #expect(result["urgent_style"] as? Bool == true)
    }
    try await server.stop()
    // The transcript keeps what was chosen by id, with the labels the patient saw, and commands by name.
    let patient = try #require(try server.transcriptRecords().first).filter {
      $0["type"] as? String == "patient"
    }
    #expect(
      patient.map { $0["choices"] as? [String] }.compactMap { $0 } == [
        ["daughter"], ["self"], ["chest_pain", "seizures"],
      ])
    #expect(patient.compactMap { $0["command"] as? String } == ["back", "back", "back"])
    let chosen = try #require(patient.first { $0["choices"] as? [String] == ["daughter"] })
    #expect(chosen["text"] as? String == "my daughter")
    #expect(
      !patient.contains { ($0["text"] as? String)?.first?.isNumber == true },
      "no choice is stored as a number")
  }

  @Test("200 conversations at once each reach their own disposition, with no crossed state")
  func concurrentConversations() async throws {
    let server = try await TestServer.start { $0.maxConnectionsPerAddress = 1000 }
    defer { server.removeTranscripts() }
    let outcomes = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
      for index in 0..<200 {
        group.addTask {
          let (lines, _) = Self.scripts[index % 4]
          let got = try await LineClient.withConnection(port: server.port) { client -> String? in
            try await client.beginJSON()
            for line in lines {
              let message = try JSONSerialization.data(withJSONObject: ["type": "answer", "text": line])
              try await client.send(String(decoding: message, as: UTF8.self))
              _ = try await client.turn()
            }
            return client.received.map(json).first { $0["type"] as? String == "result" }?["disposition"]
              as? String
          }
          return (index, got)
        }
      }
      return try await group.reduce(into: [Int: String?]()) { $0[$1.0] = $1.1 }
    }
    #expect(outcomes.count == 200)
    for (index, got) in outcomes {
      #expect(got == Self.scripts[index % 4].disposition, "conversation \(index)")
    }
    try await server.stop()
    #expect(try server.transcriptRecords().count == 200)
  }

  @Test("a kiosk starts a fresh conversation after each result, and shows nothing of the last patient")
  func kioskReset() async throws {
    let server = try await TestServer.start { $0.kiosk = true }
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      try await client.beginJSON()
      try await client.send(#"{"type":"answer","text":"Zebediah here, my lips are blue"}"#)
      let first = try await client.turn().map(json)
      #expect(first.contains { $0["type"] as? String == "result" })
      let next = try await client.turn()
      #expect(json(next[0])["type"] as? String == "reset")
      #expect(json(next[1])["type"] as? String == "hello")
      #expect(!next.joined().contains("Zebediah"))
      #expect(!next.joined().lowercased().contains("lips"))
      #expect(json(next.last!)["type"] as? String == "ask")
      #expect(
        json(next.last!)["slot"] as? String == "concern", "the new conversation starts from the beginning")
    }
    try await server.stop()
    #expect(try server.transcriptRecords().count == 2)
  }

  @Test("a kiosk left idle resets to a fresh conversation instead of closing")
  func kioskIdleReset() async throws {
    let server = try await TestServer.start {
      $0.kiosk = true
      $0.kioskIdle = .seconds(1)
    }
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      try await client.beginJSON()
      try await client.send(#"{"type":"answer","text":"my name is Quentin and I have a headache"}"#)
      _ = try await client.turn()
      let idle = try await client.turn().map(json)
      #expect(idle.last?["reason"] as? String == "idle")
      let next = try await client.turn()
      #expect(json(next[0])["type"] as? String == "reset")
      #expect(!next.joined().contains("Quentin"))
      #expect(json(next.last!)["slot"] as? String == "concern")
    }
    try await server.stop()
    let endings = try server.transcriptRecords().compactMap { $0.last?["ending"] as? String }
    #expect(endings.contains("abandoned"))
  }

  @Test("a text kiosk clears the screen between patients")
  func textKioskClears() async throws {
    let server = try await TestServer.start { $0.kiosk = true }
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      _ = try await client.next()
      try await client.send("my lips are blue")
      var lines: [String] = []
      // The opening question's prompt, then the advice, then the next patient's first prompt.
      while lines.filter({ $0 == "> " }).count < 2 { lines += try await client.turn() }
      let joined = lines.joined(separator: "\n")
      #expect(joined.contains("*** CALL 911"))
      #expect(joined.contains("\u{1B}[2J\u{1B}[H"))
      let afterClear = joined.components(separatedBy: "\u{1B}[2J\u{1B}[H").last ?? ""
      #expect(!afterClear.contains("lips"))
      #expect(afterClear.contains("In your own words"))
    }
    try await server.stop()
  }
}
