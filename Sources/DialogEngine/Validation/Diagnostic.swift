/// One problem found in a dialog file, phrased for the clinician who wrote it.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
  public enum Severity: String, Sendable, Hashable {
    case error
    case warning
  }

  public var severity: Severity
  public var location: SourceLocation
  public var message: String

  public init(_ severity: Severity, at location: SourceLocation, _ message: String) {
    self.severity = severity
    self.location = location
    self.message = message
  }

  public static func error(at location: SourceLocation, _ message: String) -> Diagnostic {
    Diagnostic(.error, at: location, message)
  }

  public static func warning(at location: SourceLocation, _ message: String) -> Diagnostic {
    Diagnostic(.warning, at: location, message)
  }

  /// The compiler-style form editors and terminals already know how to jump to.
  public var description: String { "\(location): \(severity.rawValue): \(message)" }
}
