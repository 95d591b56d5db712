import Foundation

/// One line from `crscheck serve` in JSON Lines mode (docs/PROTOCOL.md), as the kiosk needs it. Types and
/// fields the kiosk does not know are ignored, so a newer server does not stop an older kiosk.
public enum ServerMessage: Sendable, Equatable {
  case hello(Hello)
  case say(String)
  case ask(Ask)
  case result(Advice)
  case error(code: String, message: String)
  case reset
  case bye(reason: String)
  case other

  public struct Hello: Sendable, Equatable {
    public var session: String
    public var resumeToken: String?
    /// The kiosk's own words by language code, from the dialog's notices.
    public var words: [String: KioskWords]
  }

  public struct Ask: Sendable, Equatable {
    public struct Choice: Sendable, Equatable {
      public var id: String
      public var label: String
    }
    public var text: String
    public var input: String
    public var choices: [Choice]
    public var language: String?
    /// What the question fills; with the words, tells a question asked again from the next one.
    public var slot = ""

    /// A findings question takes several choices at once.
    public var takesSeveral: Bool { input == "findings" }
  }

  /// A disposition and its advice. The suspected grade (`severity`) is deliberately not decoded: it is
  /// for clinical staff, and what the kiosk does not hold it cannot show.
  public struct Advice: Sendable, Equatable {
    public var disposition: String
    public var label: String
    public var advice: String
    public var urgent: Bool
    public var final: Bool
  }

  /// Decodes one line; nil when it is not a JSON object with a `type`.
  public init?(line: String) {
    guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(line.utf8)) else { return nil }
    switch wire.type {
    case "hello":
      self = .hello(
        Hello(
          session: wire.session ?? "", resumeToken: wire.resume_token,
          words: (wire.kiosk ?? [:]).mapValues(KioskWords.init(notices:))))
    case "say": self = .say(wire.text ?? "")
    case "ask":
      self = .ask(
        Ask(
          text: wire.text ?? "", input: wire.input ?? "text",
          choices: (wire.choices ?? []).map { Ask.Choice(id: $0.id, label: $0.label) },
          language: wire.language, slot: wire.slot ?? ""))
    case "result":
      self = .result(
        Advice(
          disposition: wire.disposition ?? "", label: wire.label ?? "", advice: wire.advice ?? "",
          urgent: wire.urgent_style ?? false, final: wire.final ?? true))
    case "error": self = .error(code: wire.code ?? "", message: wire.message ?? "")
    case "reset": self = .reset
    case "bye": self = .bye(reason: wire.reason ?? "")
    default: self = .other
    }
  }

  // swift-format-ignore: AlwaysUseLowerCamelCase
  /// The union of every message's fields, named as on the wire.
  private struct Wire: Decodable {
    struct Choice: Decodable {
      var id: String
      var label: String
    }
    var type: String
    var session: String?
    var resume_token: String?
    var kiosk: [String: [String: String]]?
    var text: String?
    var input: String?
    var slot: String?
    var choices: [Choice]?
    var language: String?
    var disposition: String?
    var label: String?
    var advice: String?
    var urgent_style: Bool?
    var final: Bool?
    var code: String?
    var message: String?
    var reason: String?
  }
}
