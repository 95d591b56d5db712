import Consultation
import DialogEngine
import Foundation

/// JSON Lines mode: one object per line each way, for kiosk front ends.
struct JSONWire: Wire {
  /// For the labels of findings in results.
  let dialog: Dialog

  /// A client message; which fields matter depends on `type`.
  struct ClientMessage: Decodable {
    var type: String
    var text: String?
    var choice: String?
    var choices: [String]?
    var command: String?
    var kiosk: String?
    var token: String?
  }

  func hello(session: String, dialog: Dialog) -> [String] {
    [
      encode([
        "type": "hello", "protocol": 1, "session": session,
        "dialog": ["id": dialog.id, "version": dialog.version, "sha256": dialog.source.sha256],
      ])
    ]
  }

  func events(_ events: [Event]) -> [String] {
    events.compactMap { event in
      switch event {
      case .say(let text):
        return encode(["type": "say", "text": text])
      case .ask(let question):
        return encode([
          "type": "ask", "slot": question.slot, "text": question.text, "input": question.input.rawValue,
          "choices": question.options.map { ["id": $0.id, "label": $0.label] },
        ])
      case .result(let outcome):
        return encode([
          "type": "result", "disposition": outcome.disposition, "label": outcome.label,
          "advice": outcome.advice,
          "urgent_style": outcome.isMostUrgent,
          "findings": outcome.findings.map { finding -> [String: Any] in
            [
              "finding": finding.finding, "label": dialog.finding(finding.finding)?.label ?? finding.finding,
              "present": finding.present, "uncertain": finding.uncertain, "words": finding.words,
            ]
          },
          "severity": outcome.severity.map {
            ["grade": $0.grade, "label": $0.label, "basis": $0.basis] as [String: Any]
          }
            ?? NSNull(),
        ])
      case .bye:
        return nil  // the connection says bye, with its reason
      }
    }
  }

  func error(_ error: WireError, question: Question?) -> [String] {
    [encode(["type": "error", "code": error.code, "message": error.message])]
      + (question.map { events([.ask($0)]) } ?? [])
  }

  func bye(_ reason: ByeReason, dialog: Dialog) -> [String] {
    var lines: [String] = []
    if reason == .shutdown || reason == .idle, let words = reason.words(dialog) {
      lines.append(encode(["type": "say", "text": words]))
    }
    lines.append(encode(["type": "bye", "reason": reason.rawValue]))
    return lines
  }

  func reset() -> [String] { [encode(["type": "reset"])] }

  func patientText(from line: String, question: Question?, dialog: Dialog) -> Result<String, WireError> {
    guard let message = Self.decode(line) else {
      return .failure(.badMessage("expected a JSON object with a type"))
    }
    // Text inside JSON is held to the same rule as a text line: no control characters.
    let strings = [message.text, message.choice, message.command].compactMap { $0 } + (message.choices ?? [])
    guard strings.allSatisfy(PatientText.isClean) else { return .failure(.invalidText) }
    switch message.type {
    case "answer":
      if let text = message.text { return .success(text) }
      let ids = message.choices ?? message.choice.map { [$0] } ?? []
      guard !ids.isEmpty, let options = question?.options else {
        return .failure(.badMessage("an answer needs text, choice or choices"))
      }
      var numbers: [String] = []
      for id in ids {
        guard let index = options.firstIndex(where: { $0.id == id }) else {
          return .failure(.badMessage("no choice \(id) in the last question"))
        }
        numbers.append(String(index + 1))
      }
      return .success(numbers.joined(separator: ", "))
    case "command":
      guard let name = message.command, let command = Language.Command(rawValue: name),
        let words = dialog.language.commands[command]?.first
      else { return .failure(.badMessage("the command must be back, restart, help or quit")) }
      return .success(words)
    default:
      return .failure(.badMessage("unknown message type \(message.type)"))
    }
  }

  static func decode(_ line: String) -> ClientMessage? {
    try? JSONDecoder().decode(ClientMessage.self, from: Data(line.utf8))
  }

  private func encode(_ object: [String: Any]) -> String {
    let data =
      (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
      ?? Data()
    return String(decoding: data, as: UTF8.self)
  }
}
