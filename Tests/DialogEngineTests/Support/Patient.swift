import DialogEngine

/// Plays a patient through the engine, one line at a time, keeping everything the engine said.
struct Patient {
  let engine: Engine
  private(set) var session: Session
  private(set) var heard: [Event]
  private(set) var lastReply: [Event] = []
  /// The question waiting for an answer, as the engine says.
  private(set) var question: Question?

  init(_ dialog: Dialog, language: String? = nil) {
    // Building an engine's understanding takes far longer than a conversation: the product's dialog
    // shares one.
    engine = dialog.source == Fixtures.crs.source ? Fixtures.crsEngine : Engine(dialog: dialog)
    let step = engine.start(id: "test", at: Fixtures.today, timeZone: Fixtures.utc, language: language)
    session = step.session
    heard = step.events
    lastReply = step.events
    question = step.question
  }

  @discardableResult
  mutating func say(_ line: String) -> [Event] {
    answer(.text(line))
  }

  /// Answers by choosing options, or with a command, as a kiosk does.
  @discardableResult
  mutating func answer(_ answer: Answer) -> [Event] {
    let step = engine.respond(to: answer, in: session)
    session = step.session
    heard += step.events
    lastReply = step.events
    question = step.question
    return step.events
  }

  /// Says each line in turn, stopping early if the conversation ends.
  mutating func say(_ lines: [String]) {
    for line in lines where session.isActive { say(line) }
  }

  var disposition: String? {
    if case .ended(let disposition) = session.status { return disposition }
    return nil
  }

  /// The advice the conversation ended with, if it has.
  var outcome: Outcome? {
    heard.lazy.compactMap { event -> Outcome? in
      if case .result(let outcome) = event { return outcome }
      return nil
    }.first
  }

  var lastSaid: [String] {
    lastReply.compactMap { event -> String? in
      if case .say(let text) = event { return text }
      return nil
    }
  }

  func value(_ slot: String) -> SlotValue? { session.state.values[slot] }
  func observation(_ finding: String) -> Observation? { session.state.observation(finding) }
}
