/// A conversation graph loaded from `Dialogs/`: the medical knowledge as data a clinician can read and
/// change. Everything the engine says or recognises comes from here; the Swift code stays generic.
public struct Dialog: Sendable {
  public var id: String
  public var version: String
  public var title: String
  public var start: String
  public var slots: [Slot]
  public var findings: [Finding]
  public var nodes: [Node]
  public var interrupts: [Interrupt]
  public var dispositions: [Disposition]
  public var topics: [Topic]
  /// Tried in order; the first that holds gives the suspected severity recorded for clinicians.
  public var severity: [SeverityRule]
  /// The default words for `{key}` placeholders in texts, changed by choices that carry `wording`.
  public var wording: [String: String]
  /// The concepts of the medical source and where each is covered.
  public var coverage: [CoverageItem]
  public var language: Language
  public var messages: Messages
  public var source: DialogSource
  /// The language of this dialog's words, as a code (`en`, `es`), its name in itself (`Español`), and
  /// the words a patient may type to choose it.
  public var code = "en"
  public var languageName = "English"
  public var languageNames: [String] = []
  /// The same dialog in each other language: the same medicine and graph, other words. The first
  /// dialog, whose texts are in the dialog file, is the clinicians' language.
  public var translations: [Dialog] = []

  // Looked up many times a turn, so not Dictionaries (see `WordTable`).
  private var slotIndex: WordTable<Int>
  private var findingIndex: WordTable<Int>
  private var nodeIndex: WordTable<Int>
  private var dispositionIndex: WordTable<Int>
  private var topicIndex: WordTable<Int>

  public init(
    id: String, version: String, title: String, start: String, slots: [Slot], findings: [Finding],
    nodes: [Node], interrupts: [Interrupt], dispositions: [Disposition], topics: [Topic] = [],
    severity: [SeverityRule] = [], wording: [String: String] = [:], coverage: [CoverageItem] = [],
    language: Language, messages: Messages,
    source: DialogSource
  ) {
    self.id = id
    self.version = version
    self.title = title
    self.start = start
    self.slots = slots
    self.findings = findings
    self.nodes = nodes
    self.interrupts = interrupts
    self.dispositions = dispositions
    self.topics = topics
    self.severity = severity
    self.wording = wording
    self.coverage = coverage
    self.language = language
    self.messages = messages
    self.source = source
    slotIndex = Self.firstIndex(of: slots.map(\.id))
    findingIndex = Self.firstIndex(of: findings.map(\.id))
    nodeIndex = Self.firstIndex(of: nodes.map(\.id))
    dispositionIndex = Self.firstIndex(of: dispositions.map(\.id))
    topicIndex = Self.firstIndex(of: topics.map(\.id))
  }

  public func slot(_ id: String) -> Slot? { slotIndex[id].map { slots[$0] } }

  /// Where a slot, finding or node stands in its array, for tables laid out by position.
  func slotPosition(_ id: String) -> Int? { slotIndex[id] }
  func findingPosition(_ id: String) -> Int? { findingIndex[id] }
  func nodePosition(_ id: String) -> Int? { nodeIndex[id] }

  public func finding(_ id: String) -> Finding? { findingIndex[id].map { findings[$0] } }
  public func node(_ id: String) -> Node? { nodeIndex[id].map { nodes[$0] } }
  public func disposition(_ id: String) -> Disposition? { dispositionIndex[id].map { dispositions[$0] } }
  public func topic(_ id: String) -> Topic? { topicIndex[id].map { topics[$0] } }

  /// This dialog in the language `code`, if it has it.
  public func translation(_ code: String) -> Dialog? {
    code == self.code ? self : translations.first { $0.code == code }
  }

  /// The dialog in every language it has, this one first.
  public var inEveryLanguage: [Dialog] { [self] + translations }

  /// Findings that an interrupt leading to an end with the most urgent disposition fires on alone: the
  /// emergency signs, whose every phrase must lead to the emergency advice, in every language.
  public var emergencyFindings: [String] {
    guard let mostUrgent = dispositions.max(by: { $0.level < $1.level })?.id else { return [] }
    var found: [String] = []
    for interrupt in interrupts {
      guard case .end(let end)? = node(interrupt.target)?.kind, end.disposition == mostUrgent else {
        continue
      }
      for id in Self.alone(interrupt.condition) where !found.contains(id) { found.append(id) }
    }
    return found
  }

  /// The findings whose presence alone makes the condition hold: `present` lists, reached through `any`.
  private static func alone(_ condition: Condition) -> [String] {
    switch condition.rule {
    case .present(let ids): ids
    case .any(let conditions): conditions.flatMap(alone)
    default: []
    }
  }

  /// Duplicates are the validator's to report; lookups keep the first declaration.
  private static func firstIndex(of ids: [String]) -> WordTable<Int> {
    WordTable(ids.enumerated().map { ($1, $0) })
  }
}
