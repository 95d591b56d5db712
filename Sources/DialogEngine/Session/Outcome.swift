/// The end of a conversation: what the patient is told to do, and the findings it rests on.
public struct Outcome: Sendable, Hashable, Codable {
  public var disposition: String
  public var label: String
  public var level: Int
  /// The most urgent disposition of the dialog, which front ends make stand out.
  public var isMostUrgent: Bool
  public var advice: String
  public var findings: [Observation]
  /// The interrupt that led here, when one did (an emergency sign, say).
  public var interrupt: String?
  /// For clinicians only; front ends never show it to the patient.
  public var severity: SuspectedSeverity?

  public init(
    disposition: String, label: String, level: Int, isMostUrgent: Bool, advice: String,
    findings: [Observation], interrupt: String?, severity: SuspectedSeverity? = nil
  ) {
    self.disposition = disposition
    self.label = label
    self.level = level
    self.isMostUrgent = isMostUrgent
    self.advice = advice
    self.findings = findings
    self.interrupt = interrupt
    self.severity = severity
  }
}
