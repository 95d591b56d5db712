import Foundation
import Synchronization

/// Runs conversations over one dialog. `start` and `respond` are the whole session API: pure functions
/// from a session and a patient line to the next session and what to say, with no I/O.
public struct Engine: Sendable {
  /// Shared, not inline: every connection and consultation holds the engine, and inline its dialog and
  /// understanding were kilobytes for each waiting patient.
  private let parts: Parts
  /// The dialog in every language, its own first; `parts` is the one this engine speaks.
  private let languages: [Parts]

  private final class Parts: Sendable {
    let dialog: Dialog
    let understanding: Understanding
    let mostUrgent: Disposition?
    let index: DialogIndex
    let wording: Wording
    /// The dialog's conditions compiled against `index`, in the order of the dialog's arrays.
    let interrupts: [CompiledCondition]
    let edges: [[CompiledCondition?]]
    let severity: [CompiledCondition]

    init(dialog: Dialog) {
      self.dialog = dialog
      understanding = Understanding(dialog: dialog)
      mostUrgent = dialog.dispositions.max { $0.level < $1.level }
      let index = DialogIndex(dialog: dialog)
      self.index = index
      wording = Wording(dialog: dialog)
      interrupts = dialog.interrupts.map { index.compile($0.condition, in: dialog) }
      edges = dialog.nodes.map { node in node.edges.map { $0.condition.map { index.compile($0, in: dialog) } }
      }
      severity = dialog.severity.map { index.compile($0.condition, in: dialog) }
    }
  }

  /// Builds each language's understanding at once, one per core: they are independent, and together they
  /// are most of a process's start-up.
  public init(dialog: Dialog) {
    let dialogs = dialog.inEveryLanguage
    let built = Built(count: dialogs.count)
    DispatchQueue.concurrentPerform(iterations: dialogs.count) { index in
      built.set(index, Parts(dialog: dialogs[index]))
    }
    languages = built.all
    parts = languages[0]
  }

  /// The languages' parts as they are built, from several threads.
  private final class Built: Sendable {
    private let parts: Mutex<[Parts?]>

    init(count: Int) {
      parts = Mutex([Parts?](repeating: nil, count: count))
    }

    func set(_ index: Int, _ built: Parts) {
      parts.withLock { $0[index] = built }
    }

    var all: [Parts] { parts.withLock { $0.map { $0! } } }
  }

  private init(parts: Parts, languages: [Parts]) {
    self.parts = parts
    self.languages = languages
  }

  /// The dialog in the language this engine speaks: the dialog's own unless `speaking` chose another.
  public var dialog: Dialog { parts.dialog }
  /// The codes of the languages the dialog speaks, its own first.
  public var languageCodes: [String] { languages.map(\.dialog.code) }

  /// This engine speaking `code`, or its own language if the dialog does not have it.
  public func speaking(_ code: String) -> Engine {
    guard code != parts.dialog.code, let other = languages.first(where: { $0.dialog.code == code }) else {
      return self
    }
    return Engine(parts: other, languages: languages)
  }
  private var understanding: Understanding { parts.understanding }
  private var mostUrgent: Disposition? { parts.mostUrgent }
  private var index: DialogIndex { parts.index }

  /// A new conversation in `language`, or, when none is given, in the dialog's own language with the
  /// others offered before the first question and taken from the patient's first line.
  public func start(id: String, at date: Date, timeZone: TimeZone = .current, language: String? = nil) -> Step
  {
    let engine = language.map(speaking) ?? self
    var session = Session(
      id: id, startedAt: date, timeZone: timeZone, start: dialog.start, language: engine.dialog.code,
      languageChosen: language != nil || languages.count == 1)
    var events: [Event] = []
    engine.advance(&session, from: dialog.start, &events)
    if !session.languageChosen, case .ask? = events.last {
      let offers = languages.dropFirst().map(\.dialog.messages.languageOffer).filter { !$0.isEmpty }
      events.insert(contentsOf: offers.map(Event.say), at: events.count - 1)
    }
    return asking(Step(session: session, events: events))
  }

  /// The step with the question it leaves waiting: the last one it asked, or else the one its session
  /// stands at (a line not understood is answered without asking again).
  private func asking(_ step: Step) -> Step {
    var step = step
    guard step.session.isActive else { return step }
    for event in step.events.reversed() {
      if case .ask(let question) = event {
        step.question = question
        return step
      }
    }
    let engine = speaking(step.session.language)
    guard let node = engine.dialog.node(step.session.state.node), case .ask(let ask) = node.kind,
      let slot = engine.dialog.slot(ask.slot)
    else { return step }
    step.question = engine.question(node, ask, slot, engine.parts.wording.table(step.session.state))
    return step
  }

  /// A fresh session waiting at a question, as the exhaustive check needs to try every question.
  func session(at node: String, date: Date, language: String? = nil) -> Session {
    Session(
      id: "check", startedAt: date, timeZone: TimeZone(identifier: "UTC")!, start: node,
      language: language ?? dialog.code, languageChosen: true)
  }

  /// The first line of a conversation whose language nobody chose: the name of a language chooses it
  /// and starts again in it; a line in another language switches to it, with that language's welcome.
  private func choosingLanguage(_ line: String, _ session: Session) -> Step {
    var session = session
    session.languageChosen = true
    let words = Tokenizer.words(line)
    let said = words.joined(separator: " ")
    if words.count <= 2,
      let chosen = languages.first(where: { parts in
        parts.dialog.languageNames.contains { Tokenizer.words($0).joined(separator: " ") == said }
      })
    {
      let engine = speaking(chosen.dialog.code)
      session.language = chosen.dialog.code
      var events: [Event] = []
      engine.advance(&session, from: dialog.start, &events)
      return Step(session: session, events: events)
    }
    // The language with the most words of the line that only it knows.
    let scores = languages.map { parts in
      words.filter { word in
        parts.understanding.words.contains(word)
          && !languages.contains { $0 !== parts && $0.understanding.words.contains(word) }
      }.count
    }
    let current = languages.firstIndex { $0.dialog.code == session.language } ?? 0
    guard let best = scores.indices.max(by: { scores[$0] < scores[$1] }), scores[best] > scores[current]
    else {
      return speaking(session.language).respondInLanguage(to: .text(line), in: session)
    }
    let engine = speaking(languages[best].dialog.code)
    session.language = engine.dialog.code
    let step = engine.respondInLanguage(to: .text(line), in: session)
    return Step(session: step.session, events: engine.welcome() + step.events, reading: step.reading)
  }

  /// What the dialog says before its first question, in this engine's language.
  private func welcome() -> [Event] {
    var said: [Event] = []
    var current = dialog.node(dialog.start)
    for _ in dialog.nodes.indices {
      guard let node = current, case .say(let text) = node.kind else { break }
      said.append(.say(Wording.fill(text, parts.wording.table(Session.State(node: node.id)))))
      current = node.edges.first.flatMap { dialog.node($0.target) }
    }
    return said
  }

  /// The next step of `session` after the patient's line.
  public func respond(to line: String, in session: Session) -> Step {
    respond(to: .text(line), in: session)
  }

  /// The next step of `session` after the patient's answer. Only words typed on the first line can choose
  /// the conversation's language.
  public func respond(to answer: Answer, in session: Session) -> Step {
    if !session.languageChosen, session.isActive {
      guard case .text(let line) = answer else {
        var session = session
        session.languageChosen = true
        return asking(speaking(session.language).respondInLanguage(to: answer, in: session))
      }
      return asking(choosingLanguage(line, session))
    }
    return asking(speaking(session.language).respondInLanguage(to: answer, in: session))
  }

  private func respondInLanguage(to answer: Answer, in session: Session) -> Step {
    guard session.isActive, let node = dialog.node(session.state.node), case .ask(let ask) = node.kind,
      let slot = dialog.slot(ask.slot)
    else {
      return Step(session: session, events: [.say(dialog.messages.ended), .bye])
    }
    var session = session
    session.turns += 1
    let reading: Reading
    switch answer {
    case .text(let line):
      reading = understanding.read(
        line, asking: slot, alsoAsking: ask.also.compactMap(dialog.slot), today: session.startedAt,
        calendar: session.calendar)
    case .choices(let ids): reading = choosing(ids, slot)
    case .command(let command): reading = Reading(command: command)
    }
    var events: [Event] = []
    let before = session.state
    absorb(reading, asked: slot, into: &session.state)

    var facts = index.facts(session.state)
    // An emergency sign outranks everything else on the line, a command included.
    if firingInterrupt(session.state, facts) != nil {
      session.history.append(before)
      events += acknowledgement(of: reading)
      advance(&session, from: node.id, facts: facts, &events)
      return Step(session: session, events: events, reading: reading)
    }
    if let command = reading.command {
      session.state = before
      perform(command, &session, ask: ask, &events)
      return Step(session: session, events: events, reading: reading)
    }
    if !reading.topics.isEmpty {
      if session.state != before { session.history.append(before) }
      events += acknowledgement(of: reading)
      let words = parts.wording.table(session.state)
      for topic in reading.topics.compactMap(dialog.topic) {
        events.append(.say(Wording.fill(topic.answer, words)))
      }
      advance(&session, from: node.id, facts: facts, &events)
      return Step(session: session, events: events, reading: reading)
    }
    let understoodSomething = session.state != before
    if understoodSomething { session.history.append(before) }
    events += acknowledgement(of: reading)
    if !facts.isFilled(index.slot(slot.id)) {
      session.state.misses += 1
      if session.state.misses < 2 {
        if !understoodSomething { events.append(.say(rephrase(ask, slot))) }
      } else {
        // Asking a third time helps no one: the question counts as not known, which the dialog's rules
        // weigh towards the more urgent advice.
        session.state.values[slot.id] = .unknown
        facts = index.facts(session.state)
        events.append(.say(dialog.messages.movingOn))
      }
    } else if reading.fill(for: slot.id)?.value == .unknown, summary(of: reading) == nil {
      events.append(.say(dialog.messages.unknownAccepted))
    }
    advance(&session, from: node.id, facts: facts, &events)
    return Step(session: session, events: events, reading: reading)
  }

  /// What the patient is told back about their line: what was understood, and in their own words what
  /// was not, so that nothing they said is silently dropped.
  private func acknowledgement(of reading: Reading) -> [Event] {
    var said: [Event] = []
    if let summary = summary(of: reading) { said.append(.say(summary)) }
    if !reading.unread.isEmpty {
      let text = reading.unread.map { "“\($0)”" }.joined(separator: ", ")
      said.append(.say(Wording.fill(dialog.messages.unread, ["text": text])))
    }
    return said
  }

  // MARK: Walking the graph

  /// Walks from `id` until a question that still needs an answer, or an end. Interrupts are checked at
  /// every node, and answered questions are skipped. `facts`, when given, are those of the session's state.
  private func advance(
    _ session: inout Session, from id: String, facts: Facts? = nil, _ events: inout [Event]
  ) {
    var current = id
    var via: String?
    let words = parts.wording.table(session.state)
    // What the patient said does not change on the way, so an interrupt that did not fire at one node
    // cannot fire at the next; only one that fired may let another fire.
    let facts = facts ?? index.facts(session.state)
    var mayFire = true
    for _ in 0...(dialog.nodes.count + dialog.interrupts.count) {
      if mayFire, let interrupt = firingInterrupt(session.state, facts) {
        session.state.firedInterrupts.insert(interrupt.id)
        current = interrupt.target
        via = interrupt.id
      } else {
        mayFire = false
      }
      guard let position = dialog.nodePosition(current) else { break }
      let node = dialog.nodes[position]
      if session.state.node != node.id { session.state.misses = 0 }
      session.state.node = node.id
      switch node.kind {
      case .say(let text):
        events.append(.say(Wording.fill(text, words)))
      case .ask(let ask):
        guard let slot = dialog.slot(ask.slot) else { break }
        if !facts.isFilled(index.slot(slot.id)) {
          if let known = known(slot, session.state) { events.append(.say(known)) }
          events.append(.ask(question(node, ask, slot, words)))
          return
        }
      case .end(let end):
        finish(&session, end, via: via, words, facts, &events)
        return
      case .advise(let end):
        let advised = session.state.advised.flatMap(dialog.disposition)?.level ?? Int.min
        if (dialog.disposition(end.disposition)?.level ?? 0) > advised {
          session.state.advised = end.disposition
          events.append(.result(outcome(end, via: via, words, session.state, facts, final: false)))
        }
      case .decide:
        break
      }
      guard
        let next = zip(node.edges, parts.edges[position]).first(where: { $0.1?.holds(facts) ?? true })?.0
      else { break }
      current = next.target
    }
    escalate(&session, facts, &events)
  }

  /// A dialog that passed validation never gets here; one that did not must still fail towards safety.
  private func escalate(_ session: inout Session, _ facts: Facts, _ events: inout [Event]) {
    if let end = mostUrgent.flatMap({ endNode(for: $0.id) }) {
      finish(&session, end, via: nil, parts.wording.table(session.state), facts, &events)
    } else {
      session.status = .quit
      events.append(contentsOf: [.say(dialog.messages.ended), .bye])
    }
  }

  private func finish(
    _ session: inout Session, _ end: Node.End, via interrupt: String?, _ words: [String: String],
    _ facts: Facts, _ events: inout [Event]
  ) {
    var end = end
    // Advice given earlier in the conversation stands: the end may raise it, never lower it.
    if let advised = session.state.advised, let level = dialog.disposition(advised)?.level,
      level > dialog.disposition(end.disposition)?.level ?? Int.min,
      let stronger = endNode(for: advised)
    {
      end = stronger
    }
    session.status = .ended(disposition: end.disposition)
    events.append(.result(outcome(end, via: interrupt, words, session.state, facts, final: true)))
    events.append(.bye)
  }

  private func endNode(for disposition: String) -> Node.End? {
    dialog.nodes.lazy.compactMap { node -> Node.End? in
      if case .end(let end) = node.kind, end.disposition == disposition { return end }
      return nil
    }.first
  }

  private func outcome(
    _ end: Node.End, via interrupt: String?, _ words: [String: String], _ state: Session.State,
    _ facts: Facts,
    final: Bool
  ) -> Outcome {
    let disposition = dialog.disposition(end.disposition)
    var outcome = Outcome(
      disposition: end.disposition, label: disposition?.label ?? end.disposition,
      level: disposition?.level ?? 0, isMostUrgent: disposition?.id == mostUrgent?.id,
      advice: Wording.fill(end.advice, words), findings: state.presentFindings,
      interrupt: interrupt, severity: severity(state, facts), isFinal: final)
    outcome.risk = disposition?.risk
    return outcome
  }

  /// Before a list of findings, what the patient already said of it, so they are not asked twice.
  private func known(_ slot: Slot, _ state: Session.State) -> String? {
    guard case .findings(let options) = slot.kind else { return nil }
    let present = options.filter { state.observation($0)?.present == true }.compactMap {
      dialog.finding($0)?.label
    }
    guard !present.isEmpty else { return nil }
    return Wording.fill(dialog.messages.known, ["items": present.joined(separator: ", ")])
  }

  /// The first severity rule that holds, with the reported findings and answered slots it names.
  private func severity(_ state: Session.State, _ facts: Facts) -> SuspectedSeverity? {
    guard let position = parts.severity.firstIndex(where: { $0.holds(facts) }) else { return nil }
    let rule = dialog.severity[position]
    let findings = rule.condition.findings.filter { state.observation($0)?.present == true }
    let slots = rule.condition.slots.filter { state.values[$0] != nil }
    var seen = Set<String>()
    return SuspectedSeverity(
      grade: rule.grade, label: rule.label, basis: (findings + slots).filter { seen.insert($0).inserted })
  }

  /// What choosing options by id says: the option of a choice question, or the findings of a list, each
  /// present, with the labels the patient saw as their words. Ids the question does not offer make a
  /// reading of nothing, which is asked again.
  private func choosing(_ ids: [String], _ slot: Slot) -> Reading {
    switch slot.kind {
    case .choice(let options):
      guard ids.count == 1, let option = options.first(where: { $0.id == ids[0] }) else { return Reading() }
      return Reading(fills: [Reading.Fill(slot: slot.id, value: .choice(id: option.id), words: option.label)])
    case .findings(let options):
      var chosen: [String] = []
      for id in ids where !chosen.contains(id) { chosen.append(id) }
      guard !chosen.isEmpty, chosen.allSatisfy(options.contains) else { return Reading() }
      let observations = chosen.map { id in
        Observation(finding: id, present: true, words: dialog.finding(id)?.label ?? id)
      }
      return Reading(
        observations: observations,
        fills: [
          Reading.Fill(
            slot: slot.id, value: .findings(chosen), words: observations.map(\.words).joined(separator: ", "))
        ])
    default:
      return Reading()
    }
  }

  private func question(_ node: Node, _ ask: Node.Ask, _ slot: Slot, _ words: [String: String]) -> Question {
    let input: Question.Input
    var options: [Question.Option] = []
    switch slot.kind {
    case .choice(let choices):
      input = .choice
      options = choices.map { Question.Option(id: $0.id, label: $0.label) }
    case .findings(let ids):
      input = .findings
      options = ids.map { Question.Option(id: $0, label: dialog.finding($0)?.label ?? $0) }
    case .yesNo: input = .yesNo
    case .number: input = .number
    case .duration: input = .duration
    case .text, .check: input = .text
    }
    return Question(
      node: node.id, slot: slot.id, text: Wording.fill(ask.text, words), input: input, options: options)
  }

  // MARK: What the patient said

  private func absorb(_ reading: Reading, asked: Slot, into state: inout Session.State) {
    // A finding named in the line replaces what was known of it; "none of these" only fills the gaps.
    for observation in reading.observations {
      state.record(observation)
    }
    for fill in reading.fills {
      // A kept reading is not replaced by a less worrying one, nor by "I don't know".
      if let keep = dialog.slot(fill.slot)?.keep, keep != .latest,
        let kept = state.values[fill.slot]?.magnitude,
        !(fill.value.magnitude.map { keep.prefers($0, over: kept) } ?? false)
      {
        continue
      }
      state.values[fill.slot] = fill.value
      guard fill.slot == asked.id, case .findings(let options) = asked.kind, case .findings = fill.value
      else { continue }
      if fill.value == .findings([]) {
        for option in options where state.observation(option) == nil {
          state.record(Observation(finding: option, present: false, words: fill.words))
        }
      }
      // The slot holds every option the patient has, including those named before it was asked.
      state.values[fill.slot] = .findings(options.filter { state.observation($0)?.present == true })
    }
  }

  private func perform(
    _ command: Language.Command, _ session: inout Session, ask: Node.Ask, _ events: inout [Event]
  ) {
    let messages = dialog.messages
    switch command {
    case .back:
      if let previous = session.history.popLast() {
        session.state = previous
        events.append(.say(messages.back))
      } else {
        events.append(.say(messages.cannotGoBack))
      }
      advance(&session, from: session.state.node, &events)
    case .restart:
      session.state = Session.State(node: dialog.start)
      session.history = []
      events.append(.say(messages.restart))
      advance(&session, from: dialog.start, &events)
    case .help:
      if let help = ask.help { events.append(.say(Wording.fill(help, parts.wording.table(session.state)))) }
      events.append(.say(messages.help))
      advance(&session, from: session.state.node, &events)
    case .quit:
      session.status = .quit
      events.append(contentsOf: [.say(messages.goodbye), .bye])
    }
  }

  private func rephrase(_ ask: Node.Ask, _ slot: Slot) -> String {
    var parts = [dialog.messages.notUnderstood]
    if !ask.examples.isEmpty {
      let examples = ask.examples.map { "“\($0)”" }.joined(separator: ", ")
      parts.append(Wording.fill(dialog.messages.examples, ["examples": examples]))
    }
    switch slot.kind {
    case .choice, .findings: parts.append(dialog.messages.choiceHint)
    default: break
    }
    return parts.joined(separator: " ")
  }

  /// "I understood: fever, headache, treatment: Kymriah" — only what carries information back.
  private func summary(of reading: Reading) -> String? {
    let messages = dialog.messages
    var items: [String] = []
    // What was not understood is shown back in the patient's own words, not as a finding.
    for observation in reading.observations
    where dialog.finding(observation.finding)?.holdsNotUnderstood != true {
      let label = dialog.finding(observation.finding)?.label ?? observation.finding
      let template =
        !observation.present ? messages.absent : observation.uncertain ? messages.uncertain : "{item}"
      items.append(Wording.fill(template, ["item": label]))
    }
    for fill in reading.fills {
      guard let slot = dialog.slot(fill.slot) else { continue }
      switch fill.value {
      case .choice(let id):
        items.append("\(slot.label): \(slot.choices.first { $0.id == id }?.label ?? id)")
      case .number(let value, let symbol):
        // Shown in the unit the patient used, so 102.9 °F is not rounded into a misleading 39.4 °C.
        if case .number(let units) = slot.kind,
          let unit = units.first(where: { $0.symbol == symbol }) ?? units.first
        {
          items.append(
            "\(slot.label): \(Self.format((value - unit.add) / unit.multiply)) \(unit.shown ?? unit.symbol)")
        }
      case .days(let days):
        // A dose given today is told back in hours, as T-cell engager labels count from it.
        let hours = (days * 24).rounded()
        let template =
          days < 0 && !messages.notYet.isEmpty
          ? messages.notYet
          : days < 1 && hours >= 1 && !messages.hoursAgo.isEmpty
            ? messages.hoursAgo : days < 1 ? messages.today : days < 2 ? messages.dayAgo : messages.daysAgo
        items.append(
          "\(slot.label): "
            + Wording.fill(template, ["days": Self.format(days), "hours": Self.format(hours)]))
      case .yesNo, .findings, .affirmed, .text, .unknown, .check:
        continue
      }
    }
    guard !items.isEmpty else { return nil }
    return Wording.fill(messages.understood, ["items": items.joined(separator: ", ")])
  }

  private static func format(_ value: Double) -> String {
    guard value.isFinite, abs(value) < 1e9 else { return String(format: "%g", value) }
    return value.rounded() == value ? String(Int(value)) : String(format: "%.1f", value)
  }

  // MARK: Conditions

  private func firingInterrupt(_ state: Session.State, _ facts: Facts) -> Interrupt? {
    zip(dialog.interrupts, parts.interrupts).first { interrupt, condition in
      !state.firedInterrupts.contains(interrupt.id) && condition.holds(facts)
    }?.0
  }
}
