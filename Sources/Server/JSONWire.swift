import Consultation
import DialogEngine
import Foundation

/// JSON Lines mode: one object per line each way, for kiosk front ends.
struct JSONWire: Wire {
  /// A client message; which fields matter depends on `type`.
  struct ClientMessage: Decodable {
    var type: String
    var text: String?
    var choice: String?
    var choices: [String]?
    var command: String?
    var kiosk: String?
    var token: String?
    var language: String?
    /// The session a reconnecting kiosk takes up again; `token` is then its resume token.
    var resume: String?
  }

  func hello(session: String, resumeToken: String?, dialog: Dialog) -> [String] {
    var hello: [String: JSONValue] = [
      "type": "hello", "protocol": 1, "session": .string(session),
      "dialog": [
        "id": .string(dialog.id), "version": .string(dialog.version),
        "sha256": .string(dialog.source.sha256),
      ],
    ]
    if let resumeToken { hello["resume_token"] = .string(resumeToken) }
    hello["kiosk"] = Self.kioskWords(dialog)
    return [JSONValue.object(hello).text]
  }

  /// The kiosk program's own words in each of the dialog's languages (`{"en": {"kiosk_back": "Back", …}}`),
  /// so that it shows a patient nothing written in Swift, even while no server answers.
  private static func kioskWords(_ dialog: Dialog) -> JSONValue {
    .object(
      Dictionary(
        ([dialog] + dialog.translations).map { language in
          (language.code, JSONValue.object(language.messages.kioskNotices.mapValues(JSONValue.string)))
        }, uniquingKeysWith: { first, _ in first }))
  }

  func events(_ events: [Event], in dialog: Dialog) -> [String] {
    events.compactMap { event in
      switch event {
      case .say(let text):
        return JSONValue.object(["type": "say", "text": .string(text)]).text
      case .ask(let question):
        return Self.ask(question, language: dialog.code)
      case .result(let outcome):
        return JSONValue.object([
          "type": "result", "disposition": .string(outcome.disposition), "label": .string(outcome.label),
          "advice": .string(outcome.advice), "urgent_style": .bool(outcome.isMostUrgent),
          "final": .bool(outcome.isFinal),
          "findings": .array(
            outcome.findings.map { finding in
              [
                "finding": .string(finding.finding),
                "label": .string(dialog.finding(finding.finding)?.label ?? finding.finding),
                "present": .bool(finding.present), "uncertain": .bool(finding.uncertain),
                "words": .string(finding.words),
              ]
            }),
          "severity": outcome.severity.map {
            [
              "grade": .integer($0.grade), "label": .string($0.label),
              "basis": .array($0.basis.map(JSONValue.string)),
            ]
          } ?? .null,
        ]).text
      case .bye:
        return nil  // the connection says bye, with its reason
      }
    }
  }

  func error(_ error: WireError, question: Question?, dialog: Dialog) -> [String] {
    [
      JSONValue.object([
        "type": "error", "code": .string(error.code), "message": .string(error.message(dialog.messages)),
      ]).text
    ]
      + (question.map { [Self.ask($0, language: dialog.code)] } ?? [])
  }

  func warning(_ error: WireError, dialog: Dialog) -> [String] {
    self.error(error, question: nil, dialog: dialog)
  }

  /// A question, with the language it is asked in, so a kiosk shows its own words in the same one.
  private static func ask(_ question: Question, language: String) -> String {
    JSONValue.object([
      "type": "ask", "slot": .string(question.slot), "text": .string(question.text),
      "language": .string(language),
      "input": .string(question.input.rawValue),
      "choices": .array(question.options.map { ["id": .string($0.id), "label": .string($0.label)] }),
    ]).text
  }

  func bye(_ reason: ByeReason, dialog: Dialog) -> [String] {
    var lines: [String] = []
    if [.shutdown, .restart, .idle, .slowLine].contains(reason), let words = reason.words(dialog) {
      lines.append(JSONValue.object(["type": "say", "text": .string(words)]).text)
    }
    lines.append(JSONValue.object(["type": "bye", "reason": .string(reason.rawValue)]).text)
    return lines
  }

  func reset() -> [String] { [JSONValue.object(["type": "reset"]).text] }

  func answer(from line: String, question: Question?, dialog: Dialog) -> Result<Answer, WireError> {
    guard let message = Self.decode(line) else {
      return .failure(.badMessage("expected a JSON object with a type"))
    }
    // Text inside JSON is held to the same rule as a text line: no control characters.
    let strings = [message.text, message.choice, message.command].compactMap { $0 } + (message.choices ?? [])
    guard strings.allSatisfy(PatientText.isClean) else { return .failure(.invalidText) }
    switch message.type {
    case "answer":
      if let text = message.text { return .success(.text(text)) }
      let ids = message.choices ?? message.choice.map { [$0] } ?? []
      guard !ids.isEmpty, let question, !question.options.isEmpty else {
        return .failure(.badMessage("an answer needs text, choice or choices"))
      }
      if let id = ids.first(where: { id in !question.options.contains { $0.id == id } }) {
        return .failure(.badMessage("no choice \(id) in the last question"))
      }
      if question.input == .choice, ids.count > 1 {
        return .failure(.badMessage("the question takes one choice"))
      }
      return .success(.choices(ids))
    case "command":
      guard let name = message.command, let command = Language.Command(rawValue: name) else {
        return .failure(.badMessage("the command must be back, restart, help or quit"))
      }
      return .success(.command(command))
    default:
      return .failure(.badMessage("unknown message type \(message.type)"))
    }
  }

  @inline(never)
  static func decode(_ line: String) -> ClientMessage? {
    try? JSONDecoder().decode(ClientMessage.self, from: Data(line.utf8))
  }
}
