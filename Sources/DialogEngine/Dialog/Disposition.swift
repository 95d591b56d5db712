/// What the patient is told to do. `level` orders dispositions by urgency; the highest is the one a
/// front end makes stand out.
public struct Disposition: Sendable, Hashable {
  public var id: String
  public var label: String
  public var level: Int
  /// The risk it stands for, as FHIR's risk-probability code (`high`, `moderate`, `low`), for exports.
  public var risk: String?
  public var location: SourceLocation

  public init(id: String, label: String, level: Int, location: SourceLocation) {
    self.id = id
    self.label = label
    self.level = level
    self.location = location
  }
}
