/// Why a transcript could not be written, with the path and the system's reason. Never patient text.
public struct TranscriptError: Error, Sendable, Hashable, CustomStringConvertible {
  public var path: String
  public var reason: String

  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  public var description: String { "cannot write transcript \(path): \(reason)" }
}
