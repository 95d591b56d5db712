import Foundation

/// One day's `index.jsonl`, read once: the entries that finished sessions left, by session. Verifying a
/// whole folder reads each day's index a single time; read again for every transcript, a busy day of
/// 50,000 sessions took minutes to check.
public struct DayIndex: Sendable {
  /// A finished session as the day index recorded it.
  public struct Entry: Codable, Sendable {
    public var session: String
    public var records: Int
    public var last: String
    /// The hash of the line before the end record: written first, it tells a crash just before the end
    /// record from a truncation. Absent from entries of older versions.
    public var prev: String?
    public var ending: String?
    public var at: String?
    /// The hash of the index entry appended before this one, in any day's index (see `IndexChain`);
    /// absent on the first entry of the chain and on entries written before chaining.
    public var link: String?
    /// Whether the entry belongs to the chain: every entry written since chaining says so, even the first.
    public var chained: Bool?

    var isChained: Bool { chained == true }

    public init(session: String, records: Int, last: String, prev: String?, ending: String?, at: String) {
      self.session = session
      self.records = records
      self.last = last
      self.prev = prev
      self.ending = ending
      self.at = at
      chained = true
    }
  }

  private let entries: [String: Entry]

  /// The index of the day folder `folder`; empty when it has none (yet).
  public init(folder: String) {
    guard let data = (try? TranscriptArchive.contents(of: folder + "/index.jsonl")) ?? nil else {
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

  /// An index of entries kept elsewhere (a database's table of ended sessions).
  public init(entries: [Entry]) {
    self.entries = Dictionary(entries.map { ($0.session, $0) }, uniquingKeysWith: { $1 })
  }

  /// The day folder a transcript file is in.
  public static func folder(of transcript: Transcript) -> String {
    URL(filePath: transcript.path).deletingLastPathComponent().path
  }

  func entry(for session: String) -> Entry? { entries[session] }
}
