import Consultation
import DialogEngine
import Foundation
import Testing
import TranscriptStore

@testable import Review

@Suite("Clinician review")
struct ReviewDeskTests {
  static let engine = Engine(
    dialog: try! DialogLoader.load(
      path: URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "Dialogs/crs.yaml").path))
  let root = FileManager.default.temporaryDirectory.appending(path: "review-\(UUID())").path

  /// Conversations reaching each disposition, and one left unfinished; returns their session ids.
  func conversations() throws -> [String: String] {
    let store = TranscriptStore(root: root)
    let scripts: [(String, [String])] = [
      ("monitor", ["checking in after rituximab 2 weeks ago", "no", "me", "none"]),
      ("consult", ["I have a cough", "no", "me", "nothing else", "no treatment", "better", "no"]),
      ("incomplete", ["<b>I have a headache</b>"]),
      ("emergency", ["I can't breathe"]),
      (
        "urgent", ["I had the flu and now a fever", "no", "me", "nothing else", "same", "I don't know", "no"]
      ),
    ]
    var ids: [String: String] = [:]
    for (name, lines) in scripts {
      let consultation = Consultation(
        engine: Self.engine, transcripts: FileTranscriptSink(store: store), channel: "terminal")
      for line in lines where consultation.isActive { _ = consultation.reply(line) }
      if name == "incomplete" {
        // Left as a killed process leaves it: no end record, never closed.
      } else {
        consultation.close()
      }
      ids[name] = consultation.session.id
      Thread.sleep(forTimeInterval: 0.002)
    }
    return ids
  }

  @Test("the queue puts the most urgent first, then unfinished sessions, oldest first within each")
  func queueOrder() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let ids = try conversations()
    let queue = try ReviewDesk(root: root).queue()
    #expect(
      queue.map(\.session) == ["emergency", "urgent", "consult", "monitor", "incomplete"].map { ids[$0]! })
    let emergency = queue[0]
    #expect(emergency.redFlags == ["difficulty_breathing"])
    #expect(emergency.severity?.grade == 2)
    #expect(queue[3].therapy == "rituximab")
    #expect(queue[3].daysSinceTherapy == 14)
  }

  @Test("signing off appends a record and never touches the transcript; the session leaves the queue")
  func signOff() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let ids = try conversations()
    let desk = ReviewDesk(root: root)
    let path = try #require(TranscriptArchive(root: root).path(of: ids["urgent"]!))
    let before = try Data(contentsOf: URL(filePath: path))
    try desk.sign(ids["urgent"]!, by: "Dr Rivera", note: "phoned, seen today")
    #expect(try Data(contentsOf: URL(filePath: path)) == before)
    #expect(desk.signOffs(of: ids["urgent"]!).first?["note"] == "phoned, seen today")
    #expect(!(try desk.queue()).contains { $0.session == ids["urgent"]! })
    #expect(throws: TranscriptError.self) { try desk.sign("20990101T000000Z-0000", by: "x", note: nil) }
  }

  /// A transcript is a file someone could edit: what a terminal would obey or a reader would see
  /// reordered is shown as a code instead.
  @Test("control characters and bidirectional overrides from a transcript are shown as codes, never acted on")
  func hostileTextIsNeutralised() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let desk = ReviewDesk(root: root)
    let consultation = Consultation(
      engine: Self.engine, transcripts: FileTranscriptSink(store: TranscriptStore(root: root)),
      channel: "terminal")
    _ = consultation.reply("I have a headache \u{202E}txt.exe")
    consultation.close()
    let path = try #require(TranscriptArchive(root: root).path(of: consultation.session.id))
    let edited = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
      of: "a headache", with: "a head\\u001b[2J\\u0007\\u009bache")
    try edited.write(toFile: path, atomically: false, encoding: .utf8)
    let transcript = try desk.open(consultation.session.id, by: "x", action: "show")
    let text = TranscriptText(transcript: transcript, signOffs: [], problems: []).render()
    let html = TranscriptHTML(TranscriptText(transcript: transcript, signOffs: [], problems: [])).render()
    for output in [text, html] {
      #expect(!output.unicodeScalars.contains { SafeText.isUnsafe($0) })
      #expect(output.contains("U+001B") && output.contains("U+202E") && output.contains("U+009B"))
    }
  }

  @Test("every show, export and sign is in the audit log with who and when; the logs are private")
  func auditLog() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let ids = try conversations()
    let desk = ReviewDesk(root: root)
    _ = try desk.open(ids["emergency"]!, by: "Nurse Kim", action: "show")
    _ = try desk.open(ids["emergency"]!, by: "Nurse Kim", action: "export html")
    try desk.sign(ids["emergency"]!, by: "Dr Rivera", note: nil)
    let audit = desk.audit.entries()
    #expect(audit.map { $0["action"] } == ["show", "export html", "sign"])
    #expect(audit.map { $0["by"] } == ["Nurse Kim", "Nurse Kim", "Dr Rivera"])
    #expect(audit.allSatisfy { $0["session"] == ids["emergency"]! && $0["at"] != nil })
    for log in [root + "/audit.jsonl", root + "/reviews.jsonl"] {
      let mode = try FileManager.default.attributesOfItem(atPath: log)[.posixPermissions] as? NSNumber
      #expect(mode?.intValue == 0o600)
    }
  }

  @Test("show marks in the patient's own words what was not understood")
  func showNotUnderstood() {
    let reading = Self.engine.dialog.slot("concern").map {
      Understanding(dialog: Self.engine.dialog).read(
        "my tongue feels thick", asking: $0, today: Date(), calendar: Calendar(identifier: .gregorian))
    }
    let described = reading.flatMap(TranscriptText.describe) ?? ""
    #expect(described.contains("NOT UNDERSTOOD “tongue feels thick”"))
  }

  @Test("show marks what was understood from each patient line and checks integrity")
  func showText() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let ids = try conversations()
    let desk = ReviewDesk(root: root)
    let transcript = try desk.open(ids["urgent"]!, by: "x", action: "show")
    let text = TranscriptText(
      transcript: transcript, signOffs: [], problems: TranscriptArchive(root: root).verify(transcript)
    )
    .render()
    #expect(text.contains("patient  I had the flu and now a fever"))
    #expect(text.contains("↳ understood: fever; therapy = infection"))
    #expect(
      text.contains("Dialog: crs \(Self.engine.dialog.version) (sha256 \(Self.engine.dialog.source.sha256))"))
    #expect(text.contains("Integrity: the hash chain and day index check out."))
    #expect(text.contains("Suspected severity (not a diagnosis)"))
  }

  @Test(
    "a Spanish conversation shows its language, what was understood in the dialog's terms, and exports it")
  func spanish() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = TranscriptStore(root: root)
    let consultation = Consultation(
      engine: Self.engine, transcripts: FileTranscriptSink(store: store), channel: "terminal")
    _ = consultation.reply("mi esposo se desmayo despues del CAR-T")
    consultation.close()
    let desk = ReviewDesk(root: root)
    let transcript = try desk.open(consultation.session.id, by: "x", action: "show")
    #expect(transcript.language == "es")
    let text = TranscriptText(transcript: transcript, signOffs: [], problems: []).render()
    #expect(text.contains("Language: es"))
    #expect(text.contains("patient  mi esposo se desmayo despues del CAR-T"))
    #expect(text.contains("↳ understood: fainting"))
    let resources = (FHIRExport(transcript).bundle()["entry"] as? [[String: Any]] ?? []).compactMap {
      $0["resource"] as? [String: Any]
    }
    #expect(!resources.isEmpty && resources.allSatisfy { $0["language"] as? String == "es" })
  }

  @Test("an unfinished session reads as incomplete, not as tampered")
  func incomplete() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let ids = try conversations()
    let desk = ReviewDesk(root: root)
    let transcript = try desk.open(ids["incomplete"]!, by: "x", action: "show")
    #expect(!transcript.isComplete)
    #expect(TranscriptArchive(root: root).verify(transcript).map(\.kind) == [.incomplete])
  }

  @Test("the HTML export escapes what the patient typed")
  func htmlEscapes() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let ids = try conversations()
    let desk = ReviewDesk(root: root)
    let transcript = try desk.open(ids["incomplete"]!, by: "x", action: "export html")
    let html = TranscriptHTML(TranscriptText(transcript: transcript, signOffs: [], problems: [])).render()
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.contains("&lt;b&gt;I have a headache&lt;/b&gt;"))
    #expect(!html.contains("<b>I have"))
  }

  /// Each export is checked by a real FHIR validator (fhir.resources, R4B models) in a child process.
  @Test("the FHIR export of every kind of session validates as FHIR R4")
  func fhirValidates() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let ids = try conversations()
    let desk = ReviewDesk(root: root)
    for (name, id) in ids.sorted(by: { $0.key < $1.key }) {
      let said = try Self.validateFHIR(FHIRExport(try desk.open(id, by: "x", action: "export fhir")).render())
      #expect(said.hasPrefix("valid"), "\(name): \(said)")
    }
  }

  /// What the FHIR validator says of `json`: "valid…" or its complaint.
  static func validateFHIR(_ json: String) throws -> String {
    let validator = URL(filePath: #filePath).deletingLastPathComponent().appending(
      path: "Fixtures/validate-fhir")
    let file = FileManager.default.temporaryDirectory.appending(path: "fhir-\(UUID()).json")
    try json.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = validator
    process.arguments = [file.path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return process.terminationStatus == 0 ? said : "exit \(process.terminationStatus): \(said)"
  }

  @Test("the FHIR Bundle holds the answers, the advice with the suspected severity, and the conversation")
  func fhirContent() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let ids = try conversations()
    let transcript = try ReviewDesk(root: root).open(ids["urgent"]!, by: "x", action: "export fhir")
    let bundle = FHIRExport(transcript).bundle()
    let resources = (bundle["entry"] as? [[String: Any]] ?? []).compactMap {
      $0["resource"] as? [String: Any]
    }
    let types = resources.compactMap { $0["resourceType"] as? String }
    #expect(types.first == "QuestionnaireResponse")
    #expect(types.filter { $0 == "RiskAssessment" }.count == 1)
    #expect(
      types.filter { $0 == "Communication" }.count
        == transcript.records.filter { $0.type != .session && $0.type != .end && $0.event != .bye }.count)
    let answers = (resources[0]["item"] as? [[String: Any]])?.compactMap { $0["linkId"] as? String } ?? []
    #expect(answers.contains("therapy") && answers.contains("trend"))
    let risk = resources[1]
    let prediction = (risk["prediction"] as? [[String: Any]])?.first
    #expect(
      ((prediction?["outcome"] as? [String: Any])?["coding"] as? [[String: Any]])?.first?["code"] as? String
        == "urgent")
    // The dialog declares the risk code of each disposition (`risk: high` for urgent).
    #expect(
      ((prediction?["qualitativeRisk"] as? [String: Any])?["coding"] as? [[String: Any]])?.first?["code"]
        as? String == "high")
    let notes = (risk["note"] as? [[String: Any]])?.compactMap { $0["text"] as? String } ?? []
    #expect(notes.contains { $0.contains("not a diagnosis") })
  }

  @Test(
    "the FHIR answers say stopped for a conversation quit or left before advice, and carry the kiosk",
    arguments: [("quit", "stopped"), ("left", "stopped"), ("advised", "completed")])
  func fhirStatusAndKiosk(ending: String, status: String) throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let consultation = Consultation(
      engine: Self.engine, transcripts: FileTranscriptSink(store: TranscriptStore(root: root)),
      channel: "tcp",
      kiosk: "lobby-1")
    _ = consultation.reply(ending == "advised" ? "I can't breathe" : "I have a headache")
    if ending == "quit" { _ = consultation.reply("quit") }
    consultation.close()
    let transcript = try ReviewDesk(root: root).open(consultation.session.id, by: "x", action: "export fhir")
    let bundle = FHIRExport(transcript).bundle()
    let answers = try #require(
      ((bundle["entry"] as? [[String: Any]])?.first?["resource"]) as? [String: Any])
    #expect(answers["status"] as? String == status)
    let author = answers["author"] as? [String: Any]
    #expect((author?["identifier"] as? [String: Any])?["value"] as? String == "lobby-1")
    #expect(try Self.validateFHIR(FHIRExport(transcript).render()).hasPrefix("valid"))
  }

  @Test("stats count sessions by disposition, day and channel, from a date on")
  func stats() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    _ = try conversations()
    let desk = ReviewDesk(root: root)
    let entries = try TranscriptArchive(root: root).sessionPaths().map {
      try desk.entry(Transcript.read(path: $0))
    }
    let stats = ReviewStats(entries)
    #expect(stats.total == 5)
    #expect(stats.byDisposition == ["emergency": 1, "urgent": 1, "consult": 1, "monitor": 1, "none": 1])
    #expect(stats.byKiosk["terminal"]?.values.reduce(0, +) == 5)
    #expect(ReviewStats(entries, since: Date().addingTimeInterval(3600)).total == 0)
  }
}
