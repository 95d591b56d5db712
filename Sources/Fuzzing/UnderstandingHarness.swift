import DialogEngine
import Foundation

/// Any text said at one of several questions of the CRS dialog, through the engine's step function
/// (understanding, then the graph walk). The first byte picks the question, the rest is the patient's
/// line, decoded leniently: the engine must cope with any string, whatever a front end lets through.
enum UnderstandingHarness {
  static let engine = Engine(dialog: CRSDialog.dialog)

  /// Wednesday 25 November 2026, noon UTC, as in the engine's tests: every relative time reads the same.
  private static let today = Date(timeIntervalSince1970: 1_795_608_000)

  /// A calm conversation's answers, by slot, so the walk reaches questions deep in the dialog; a question
  /// not named here is answered "I don't know".
  private static let answers: [String: String] = [
    "concern": "I feel a bit tired", "subject": "me", "age": "45", "therapy": "rituximab",
    "onset": "5 days ago", "dose": "the same as before", "condition": "lymphoma",
    "condition_severity": "moderate", "health": "good", "emergency_check": "no", "symptoms": "headache",
    "temperature": "37.5", "readings": "no", "trend": "about the same", "neuro_year": "2026",
    "neuro_month": "November", "neuro_city": "Boston", "neuro_count": "100 90 80 70 60 50 40 30 20 10",
  ]

  /// A session waiting at each distinct question the scripted conversation reaches, with that question;
  /// the opening question first.
  static let stops: [(session: Session, question: Question)] = {
    var step = engine.start(id: "fuzz", at: today, timeZone: TimeZone(identifier: "UTC")!)
    var stops: [(session: Session, question: Question)] = []
    for _ in 0..<40 where step.session.isActive {
      guard let question = step.question else { break }
      if !stops.contains(where: { $0.question.node == question.node }) {
        stops.append((step.session, question))
      }
      step = engine.respond(to: answers[question.slot] ?? "I don't know", in: step.session)
    }
    return stops
  }()

  static func check(_ input: [UInt8]) throws(PropertyViolation) {
    guard let first = input.first else { return }
    let session = stops[Int(first) % stops.count].session
    let line = String(decoding: input.dropFirst(), as: UTF8.self)
    let step = engine.respond(to: line, in: session)
    let at = "at \(session.state.node)"

    let again = engine.respond(to: line, in: session)
    try PropertyViolation.require(
      again.session == step.session && again.events == step.events && again.reading == step.reading,
      "the same line in the same session gave a different step \(at)")
    try PropertyViolation.require(step.session.turns == session.turns + 1, "a patient line is one turn \(at)")
    try checkTurnEnding(step)
    guard let reading = step.reading else { throw PropertyViolation("a patient line left no reading \(at)") }
    try checkReading(reading)
  }

  /// Every turn ends with exactly one question or one goodbye, and the session agrees with it.
  private static func checkTurnEnding(_ step: Step) throws(PropertyViolation) {
    let dialog = engine.dialog
    let endings = step.events.filter { event in
      switch event {
      case .ask, .bye: true
      case .say, .result: false
      }
    }
    try PropertyViolation.require(
      endings.count == 1 && endings.last == step.events.last,
      "a turn must end with exactly one ask or bye: \(step.events)")
    let results = step.events.compactMap { event -> Outcome? in
      if case .result(let outcome) = event { return outcome }
      return nil
    }
    switch (step.session.status, step.events.last) {
    case (.active, .ask(let question)?):
      guard case .ask(let ask)? = dialog.node(question.node)?.kind else {
        throw PropertyViolation("asked from \(question.node), which is no question")
      }
      try PropertyViolation.require(
        question.node == step.session.state.node && question.slot == ask.slot,
        "the question asked is not where the session waits: \(question.node), \(step.session.state.node)")
      try PropertyViolation.require(
        results.allSatisfy { !$0.isFinal }, "a conversation that goes on gives only early advice: \(results)")
    case (.ended(let disposition), .bye?):
      let final = results.filter(\.isFinal)
      try PropertyViolation.require(
        dialog.disposition(disposition) != nil && final.map(\.disposition) == [disposition]
          && results.allSatisfy { $0.level <= final[0].level },
        "an ended conversation gives one final result, of a disposition of the dialog, never below earlier advice: \(results)"
      )
    case (.quit, .bye?):
      try PropertyViolation.require(results.isEmpty, "quitting gives no advice")
    default:
      throw PropertyViolation("the session is \(step.session.status) but the turn ends with \(step.events)")
    }
  }

  /// What was understood names only findings and slots of the dialog, with values a slot can hold.
  private static func checkReading(_ reading: Reading) throws(PropertyViolation) {
    let dialog = engine.dialog
    for observation in reading.observations {
      try PropertyViolation.require(
        dialog.finding(observation.finding) != nil, "an unknown finding was read: \(observation.finding)")
    }
    for fill in reading.fills {
      guard let slot = dialog.slot(fill.slot) else {
        throw PropertyViolation("an unknown slot: \(fill.slot)")
      }
      switch fill.value {
      case .choice(let id):
        try PropertyViolation.require(
          slot.choices.contains { $0.id == id }, "\(fill.slot) has no choice \(id)")
      case .number(let value, _), .days(let value):
        try PropertyViolation.require(value.isFinite, "\(fill.slot) read a number that is not finite")
      case .findings(let ids):
        try PropertyViolation.require(
          ids.allSatisfy { dialog.finding($0) != nil }, "\(fill.slot) holds unknown findings \(ids)")
      case .yesNo, .affirmed, .text, .unknown, .check:
        break
      }
    }
    for topic in reading.topics {
      try PropertyViolation.require(dialog.topic(topic) != nil, "an unknown topic was read: \(topic)")
    }
  }
}
