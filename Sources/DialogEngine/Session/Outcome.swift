/// The end of a conversation: what the patient is told to do, and the findings it rests on.
public struct Outcome: Sendable, Hashable, Codable {
  public var disposition: String
  public var label: String
  public var level: Int
  /// The disposition's risk as FHIR codes it (`high`), when the dialog declares one.
  public var risk: String?
  /// The most urgent disposition of the dialog, which front ends make stand out.
  public var isMostUrgent: Bool
  public var advice: String
  public var findings: [Observation]
  /// The interrupt that led here, when one did (an emergency sign, say).
  public var interrupt: String?
  /// For clinicians only; front ends never show it to the patient.
  public var severity: SuspectedSeverity?
  /// False for advice given as soon as it was certain while the conversation goes on (a more urgent
  /// result may follow); true for the conversation's last word.
  public var isFinal: Bool

  public init(
    disposition: String, label: String, level: Int, isMostUrgent: Bool, advice: String,
    findings: [Observation], interrupt: String?, severity: SuspectedSeverity? = nil, isFinal: Bool = true
  ) {
    self.isFinal = isFinal
    self.disposition = disposition
    self.label = label
    self.level = level
    self.isMostUrgent = isMostUrgent
    self.advice = advice
    self.findings = findings
    self.interrupt = interrupt
    self.severity = severity
  }

  private enum CodingKeys: String, CodingKey {
    case disposition, label, level, risk, isMostUrgent, advice, findings, interrupt, severity, isFinal
  }

  /// Transcripts written before advice could come early hold only final outcomes.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    disposition = try container.decode(String.self, forKey: .disposition)
    label = try container.decode(String.self, forKey: .label)
    level = try container.decode(Int.self, forKey: .level)
    risk = try container.decodeIfPresent(String.self, forKey: .risk)
    isMostUrgent = try container.decode(Bool.self, forKey: .isMostUrgent)
    advice = try container.decode(String.self, forKey: .advice)
    findings = try container.decode([Observation].self, forKey: .findings)
    interrupt = try container.decodeIfPresent(String.self, forKey: .interrupt)
    severity = try container.decodeIfPresent(SuspectedSeverity.self, forKey: .severity)
    isFinal = try container.decodeIfPresent(Bool.self, forKey: .isFinal) ?? true
  }
}
