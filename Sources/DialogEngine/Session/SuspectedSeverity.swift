/// The CRS grade the reported findings suggest, with what it rests on: a pointer for the clinician who
/// reviews the transcript, never a diagnosis, and never shown to the patient.
public struct SuspectedSeverity: Sendable, Hashable, Codable {
  public var grade: Int
  public var label: String
  /// The findings and slots of the deciding rule that the patient reported.
  public var basis: [String]

  public init(grade: Int, label: String, basis: [String]) {
    self.grade = grade
    self.label = label
    self.basis = basis
  }
}
