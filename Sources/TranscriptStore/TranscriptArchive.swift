import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The read side of the transcripts folder: finding sessions, reading the day indexes, and checking each
/// transcript's hash chain against them; the sign-offs (`reviews.jsonl`), audit (`audit.jsonl`) and the
/// desk's accounts (`accounts.jsonl`) beside.
public struct TranscriptArchive: TranscriptLibrary {
  public let root: String
  public let signOffs: any ReviewLog
  public let audit: any ReviewLog
  public let accounts: any ReviewLog

  public init(root: String) {
    self.root = root
    signOffs = FileReviewLog(path: root + "/reviews.jsonl")
    audit = FileReviewLog(path: root + "/audit.jsonl")
    accounts = FileReviewLog(path: root + "/accounts.jsonl")
  }

  public func sessions() -> [String] {
    sessionPaths().map { URL(filePath: $0).deletingPathExtension().lastPathComponent }
  }

  public func transcript(of session: String) throws(TranscriptError) -> Transcript {
    guard let path = path(of: session) else { throw .noSession(session) }
    return try Transcript.read(path: path)
  }

  public func transcripts() throws(TranscriptError) -> [Transcript] {
    var all: [Transcript] = []
    for path in sessionPaths() { all.append(try Transcript.read(path: path)) }
    return all
  }

  /// Every session file, oldest first (ids sort by time). Day folders that are symbolic links are not
  /// entered; files that are show up, for reading to refuse them.
  public func sessionPaths() -> [String] {
    Self.dayFolders(root: root).flatMap { folder in
      ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter {
        $0.hasSuffix(".jsonl") && $0 != "index.jsonl"
      }.map { "\(folder)/\($0)" }
    }
    .sorted { URL(filePath: $0).lastPathComponent < URL(filePath: $1).lastPathComponent }
  }

  /// The file of a session id, found through the date the id starts with.
  public func path(of session: String) -> String? {
    guard let id = SessionID(session) else { return nil }
    let path = root + "/" + id.file
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }

  /// Every problem of one transcript: its own hash chain, then against its day's index.
  public func verify(_ transcript: Transcript) -> [TranscriptProblem] {
    verify(transcript, against: DayIndex(folder: DayIndex.folder(of: transcript)))
  }

  /// The same, against its day's index already read: for checking many transcripts of one day.
  public func verify(_ transcript: Transcript, against dayIndex: DayIndex) -> [TranscriptProblem] {
    Self.verify(transcript, entry: dayIndex.entry(for: transcript.session))
  }

  /// What is wrong with a transcript, given the entry its end left (a day index's, or a database's), if
  /// any: the rules every store shares.
  public static func verify(_ transcript: Transcript, entry: DayIndex.Entry?) -> [TranscriptProblem] {
    var problems: [TranscriptProblem] = []
    for line in transcript.unreadableLines {
      problems.append(TranscriptProblem(.edited, "line \(line) is not a readable record"))
    }
    for (index, record) in transcript.records.enumerated() {
      if record.seq != index {
        // The missing number further on means a move; nowhere, a deletion.
        let moved = record.seq < index || transcript.records[index...].contains { $0.seq == index }
        problems.append(
          moved
            ? TranscriptProblem(
              .reordered, "record \(index) is numbered \(record.seq): records are out of order")
            : TranscriptProblem(
              .deleted, "record \(index) is numbered \(record.seq): records are missing before it"))
        break
      }
      let expected = index == 0 ? nil : TranscriptWriter.hash(transcript.lines[index - 1])
      if record.prev != expected {
        problems.append(
          TranscriptProblem(.edited, "record \(index - 1) or \(index) was changed after it was written"))
        break
      }
    }
    if let end = transcript.records.firstIndex(where: { $0.type == .end }), end < transcript.records.count - 1
    {
      problems.append(TranscriptProblem(.edited, "records follow the end record"))
    }
    if transcript.tornTail {
      // Nothing is written after the end record, so bytes there are no crash.
      problems.append(
        transcript.isComplete
          ? TranscriptProblem(.edited, "bytes follow the end record")
          : TranscriptProblem(.tornLine, "the last line was cut off mid-write and is left out"))
    }
    if transcript.end?.ending == .diskFull {
      problems.append(
        TranscriptProblem(.diskFull, "the disk filled up: the rest of the conversation was not saved"))
    }
    if let entry {
      let last = transcript.lines.last.map { TranscriptWriter.hash($0) } ?? ""
      if transcript.records.count == entry.records - 1, !transcript.isComplete, entry.prev == last {
        problems.append(
          TranscriptProblem(
            .incomplete, "the process stopped as the session was ending, before its end record was written"))
      } else if transcript.records.count < entry.records {
        problems.append(
          TranscriptProblem(
            .truncated,
            "the day index records \(entry.records) records, the file holds \(transcript.records.count)"))
      } else if transcript.records.count > entry.records || last != entry.last {
        problems.append(TranscriptProblem(.edited, "the last record does not match the day index"))
      }
    } else if transcript.isComplete {
      problems.append(
        TranscriptProblem(.unindexed, "the session ended but its day index has no entry for it"))
    } else {
      problems.append(
        TranscriptProblem(.incomplete, "the session never reached its end (the process was stopped)"))
    }
    return problems
  }

  /// The day folders `YYYY/MM/DD` under `root`, oldest first; symbolic links are not followed.
  static func dayFolders(root: String) -> [String] {
    func children(_ path: String, digits: Int) -> [String] {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
      return names.filter { $0.count == digits && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        .filter { isRealDirectory("\(path)/\($0)") }.sorted().map { "\(path)/\($0)" }
    }
    return children(root, digits: 4).flatMap { children($0, digits: 2) }.flatMap { children($0, digits: 2) }
  }

  private static func isRealDirectory(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  /// A file's bytes, never through a symbolic link: one planted among the transcripts could show any file
  /// as a transcript. Nil when there is no such file.
  static func contents(of path: String) throws(TranscriptError) -> Data? {
    let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
    guard descriptor >= 0 else {
      if errno == ENOENT { return nil }
      throw TranscriptError(path: path, code: errno, action: .read)
    }
    return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true).readDataToEndOfFile()
  }
}
