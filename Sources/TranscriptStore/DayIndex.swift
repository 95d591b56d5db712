import Foundation

/// One day's `index.jsonl`, read once: the entries that finished sessions left, by session. Verifying a
/// whole folder reads each day's index a single time; read again for every transcript, a busy day of
/// 50,000 sessions took minutes to check.
public struct DayIndex: Sendable {
  /// A finished session as the day index recorded it.
  struct Entry: Decodable, Sendable {
    var session: String
    var records: Int
    var last: String
    /// The hash of the line before the end record: written first, it tells a crash just before the end
    /// record from a truncation. Absent from entries of older versions.
    var prev: String?
  }

  private let entries: [String: Entry]

  /// The index of the day folder `folder`; empty when it has none (yet).
  public init(folder: String) {
    guard let data = FileManager.default.contents(atPath: folder + "/index.jsonl") else {
      entries = [:]
      return
    }
    let decoder = JSONDecoder()
    var entries: [String: Entry] = [:]
    for line in data.split(separator: 0x0A) {
      // The last entry for a session counts, as it always has.
      if let entry = try? decoder.decode(Entry.self, from: Data(line)) { entries[entry.session] = entry }
    }
    self.entries = entries
  }

  /// The day folder a transcript file is in.
  public static func folder(of transcript: Transcript) -> String {
    URL(filePath: transcript.path).deletingLastPathComponent().path
  }

  func entry(for session: String) -> Entry? { entries[session] }
}
