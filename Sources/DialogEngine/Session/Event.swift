/// What the engine tells the patient. One vocabulary for every consumer: the terminal renders it, the
/// transcript stores it, and the server will serialise it, so a clinician reviews exactly what was shown.
public enum Event: Sendable, Hashable {
  case say(String)
  case ask(Question)
  case result(Outcome)
  /// The conversation is over and no more input is taken.
  case bye
}

extension Event: Codable {
  private enum CodingKeys: String, CodingKey {
    case type
    case text
    case question
    case outcome
  }

  private enum Kind: String, Codable {
    case say, ask, result, bye
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    switch try container.decode(Kind.self, forKey: .type) {
    case .say: self = .say(try container.decode(String.self, forKey: .text))
    case .ask: self = .ask(try container.decode(Question.self, forKey: .question))
    case .result: self = .result(try container.decode(Outcome.self, forKey: .outcome))
    case .bye: self = .bye
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .say(let text):
      try container.encode(Kind.say, forKey: .type)
      try container.encode(text, forKey: .text)
    case .ask(let question):
      try container.encode(Kind.ask, forKey: .type)
      try container.encode(question, forKey: .question)
    case .result(let outcome):
      try container.encode(Kind.result, forKey: .type)
      try container.encode(outcome, forKey: .outcome)
    case .bye:
      try container.encode(Kind.bye, forKey: .type)
    }
  }
}
