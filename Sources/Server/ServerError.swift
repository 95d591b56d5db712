/// Why the server could not start or go on, in words an operator can act on.
public struct ServerError: Error, Sendable, CustomStringConvertible {
  public var description: String

  public init(_ description: String) {
    self.description = description
  }
}
