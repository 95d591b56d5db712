import Crypto
import DialogEngine
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Every day index's entries as one chain, in the order they were appended: each entry carries the
/// SHA-256 of the entry appended before it (`link`), whichever day's index that one went to (a session
/// is indexed in the folder of the day it started, when it ends). So an entry removed or changed breaks
/// the link of the next, and the newest entry's hash, written down elsewhere (`review verify
/// --print-anchor`), later proves that nothing before it changed. Entries from before chaining have no
/// link and take no part in it.
public struct IndexChain: Sendable {
  /// One line of a day's `index.jsonl`.
  public struct Line: Sendable {
    /// `YYYY/MM/DD/index.jsonl:N`, for reports.
    public var place: String
    public var folder: String
    public var hash: String
    public var entry: DayIndex.Entry?
  }

  /// Something wrong with the chain or with what it lists, and where.
  public struct Finding: Sendable, CustomStringConvertible {
    public var place: String
    public var problem: TranscriptProblem

    public var description: String { "\(place): \(problem)" }
  }

  public let root: String
  /// Every index line of every day, in day order and then file order.
  public let lines: [Line]

  /// Reads the indexes of every day folder under `root`, or only of the newest `recentDays` folders that
  /// have an index (days when no session ended have none).
  public init(root: String, recentDays: Int? = nil) {
    self.root = root
    var folders = TranscriptArchive.dayFolders(root: root)
    if let recentDays {
      folders = Array(folders.filter { access($0 + "/index.jsonl", F_OK) == 0 }.suffix(recentDays))
    }
    var lines: [Line] = []
    for folder in folders {
      guard let data = (try? TranscriptArchive.contents(of: folder + "/index.jsonl")) ?? nil else { continue }
      let relative = String(folder.dropFirst(root.count + 1))
      for (number, bytes) in data.split(separator: 0x0A).enumerated() {
        lines.append(
          Line(
            place: "\(relative)/index.jsonl:\(number + 1)", folder: folder, hash: SHA256.hex(of: bytes),
            entry: try? JSONDecoder().decode(DayIndex.Entry.self, from: Data(bytes))))
      }
    }
    self.lines = lines
  }

  /// The newest entry of the chain: the chained line no other links to, the latest if a fork left two.
  public var head: String? {
    let linked = Set(lines.compactMap { $0.entry?.link })
    let ends = lines.filter { line in line.entry.map(\.isChained) == true && !linked.contains(line.hash) }
    return ends.max { ($0.entry?.at ?? "") < ($1.entry?.at ?? "") }?.hash
  }

  /// Breaks in the chain, sessions it lists whose files are gone, and, given an `anchor`, whether the
  /// chain still holds the entry it was taken from.
  public func verify(anchor: String? = nil) -> [Finding] {
    var findings: [Finding] = []
    let hashes = Set(lines.map(\.hash))
    var successors: [String: String] = [:]
    var starts: [String] = []
    for line in lines {
      guard let entry = line.entry else {
        findings.append(
          Finding(place: line.place, problem: TranscriptProblem(.edited, "not a readable entry")))
        continue
      }
      if let link = entry.link {
        if !hashes.contains(link) {
          findings.append(
            Finding(
              place: line.place,
              problem: TranscriptProblem(
                .deleted, "the entry appended before this one was removed or changed (its hash is gone)")))
        } else if let other = successors[link] {
          findings.append(
            Finding(
              place: line.place,
              problem: TranscriptProblem(
                .edited, "this entry and \(other) follow the same entry: one was rewritten")))
        } else {
          successors[link] = line.place
        }
      } else if entry.isChained {
        starts.append(line.place)
      }
      let file = "\(line.folder)/\(entry.session).jsonl"
      var info = stat()
      if lstat(file, &info) != 0 {
        findings.append(
          Finding(
            place: line.place,
            problem: TranscriptProblem(
              .missing, "session \(entry.session) is listed but its transcript file is gone")))
      }
    }
    for start in starts.dropFirst() {
      findings.append(
        Finding(
          place: start,
          problem: TranscriptProblem(.deleted, "the chain starts again here: entries before it are gone")))
    }
    if let anchor, !hashes.contains(anchor) {
      findings.append(
        Finding(
          place: "anchor \(anchor)",
          problem: TranscriptProblem(
            .anchor,
            "no index entry has this hash: the indexes were rewritten, or entries removed, after it was taken"
          )))
    }
    return findings
  }
}
