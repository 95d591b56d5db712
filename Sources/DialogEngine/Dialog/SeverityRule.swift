/// How a suspected severity (a CRS grade) is read from what the patient reported. It is recorded for
/// clinicians with the findings it rests on, and never shown to the patient: crscheck does not diagnose.
public struct SeverityRule: Sendable, Hashable {
  public var grade: Int
  public var label: String
  public var condition: Condition
  public var location: SourceLocation

  public init(grade: Int, label: String, when condition: Condition, location: SourceLocation) {
    self.grade = grade
    self.label = label
    self.condition = condition
    self.location = location
  }
}
