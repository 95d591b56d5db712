import DialogEngine
import Foundation

/// One session's transcript as read back from disk, tolerant of a crash: a torn last line is dropped and
/// reported, never fatal.
public struct Transcript: Sendable {
  public var path: String
  public var session: String
  public var records: [TranscriptRecord]
  /// The raw bytes of every line that decoded, in file order, for checking the hash chain.
  /// Each record's line as stored, without its newline: what the hash chain is computed over.
  public internal(set) var lines: [Data]
  /// The last line was incomplete or unreadable, as a crash mid-write leaves it; it was dropped.
  public var tornTail: Bool
  /// Lines before the last that could not be decoded, by line number from 1: an edit, not a crash.
  public var unreadableLines: [Int]

  /// Whether the session reached its end record; a killed session has none.
  public var isComplete: Bool { records.contains { $0.type == .end } }

  public var header: TranscriptRecord? { records.first { $0.type == .session } }
  /// The hash of the last whole line: what a record appended next must carry as `prev`.
  public var lastLineHash: String? { lines.last.map { TranscriptWriter.hash($0) } }
  public var end: TranscriptRecord? { records.last { $0.type == .end } }
  /// The language the conversation ended in: the last one recorded (transcripts from before languages
  /// were recorded have none).
  public var language: String? { records.last { $0.language != nil }?.language }

  /// The outcome the patient was given, if any.
  public var outcome: Outcome? {
    for record in records.reversed() {
      if case .result(let outcome)? = record.event { return outcome }
    }
    return nil
  }

  public static func read(path: String) throws(TranscriptError) -> Transcript {
    guard let data = try TranscriptArchive.contents(of: path) else {
      throw TranscriptError(path: path, reason: "the file cannot be read", action: .read)
    }
    return parse(data, path: path, session: URL(filePath: path).deletingPathExtension().lastPathComponent)
  }

  /// A transcript from its JSON Lines; a last line without its newline is a torn write.
  static func parse(_ data: Data, path: String, session: String) -> Transcript {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    var pieces = data.split(separator: 0x0A, omittingEmptySubsequences: false)
    let endsWithNewline = pieces.last?.isEmpty == true
    if endsWithNewline { pieces.removeLast() }
    var transcript = Transcript(
      path: path, session: session, records: [],
      lines: [],
      tornTail: false, unreadableLines: [])
    for (index, piece) in pieces.enumerated() {
      let line = Data(piece)
      let isLast = index == pieces.count - 1
      guard let record = try? decoder.decode(TranscriptRecord.self, from: line), !(isLast && !endsWithNewline)
      else {
        if isLast { transcript.tornTail = true } else { transcript.unreadableLines.append(index + 1) }
        continue
      }
      transcript.records.append(record)
      transcript.lines.append(line)
    }
    return transcript
  }
}

extension Transcript {
  /// A transcript from its lines as stored elsewhere than in a file (a database's rows, in order).
  public init(session: String, location: String, lines: [String]) {
    self = Self.parse(Data(lines.map { $0 + "\n" }.joined().utf8), path: location, session: session)
  }
}
