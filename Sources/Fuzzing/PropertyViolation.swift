/// A property a fuzz target checks did not hold for an input: the fuzzer turns it into a crash (and so a
/// saved input), the regression test into a failure that names the property.
public struct PropertyViolation: Error, Sendable, CustomStringConvertible {
  public var description: String

  init(_ description: String) {
    self.description = description
  }

  /// Throws unless `condition` holds; the message says which property broke and on what.
  static func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(PropertyViolation) {
    if !condition { throw PropertyViolation(message()) }
  }
}
