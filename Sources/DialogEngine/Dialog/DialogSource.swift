/// Which file a dialog came from and its exact bytes' SHA-256, so that a transcript names the very
/// version of the medical content a patient was advised by.
public struct DialogSource: Sendable, Hashable, Codable {
  public var path: String
  public var sha256: String

  public init(path: String, sha256: String) {
    self.path = path
    self.sha256 = sha256
  }
}

extension DialogSource {
  /// The top of the file, where problems of the whole dialog are reported.
  var location: SourceLocation { SourceLocation(file: path, line: 1, column: 1) }
}
