import Foundation

/// How every benchmark tool reports: one JSON object on standard output, for `scripts/bench` to put in
/// the table, and a readable summary on standard error for the person watching.
public enum BenchmarkOutput {
  public static func emit(_ figures: [String: Any], summary: String) {
    FileHandle.standardError.write(Data((summary + "\n").utf8))
    let data =
      (try? JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys])) ?? Data("{}".utf8)
    FileHandle.standardOutput.write(data + Data("\n".utf8))
  }
}
