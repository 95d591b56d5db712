import ArgumentParser
import Foundation
import Review
import TranscriptStore

struct ReviewVerifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Check transcripts for edits, deletions, reordering and truncation; exit 1 if any is found.",
    discussion: """
      With --all, the day indexes are checked as one chain too: an index entry removed or changed, and a \
      listed session whose file is gone, show. --print-anchor prints the chain's newest hash, to write \
      down or send off the machine; --anchor HASH later proves that nothing before it changed. \
      docs/TRANSCRIPTS.md says exactly what is and is not detected.
      """)

  @Argument(help: "A session id; or use --all.")
  var session: String?

  @Flag(help: "Check every transcript and the chain of day indexes.")
  var all = false

  @Option(help: "A hash printed earlier by --print-anchor: fail unless the day indexes still hold it.")
  var anchor: String?

  @Flag(help: "Check the chain of day indexes, then print its newest hash alone on one line.")
  var printAnchor = false

  @OptionGroup var options: ReviewOptions

  func validate() throws {
    if printAnchor {
      if session != nil || all || anchor != nil { throw ValidationError("--print-anchor takes nothing else") }
    } else if (session == nil) == !all {
      throw ValidationError("give a session id or --all")
    }
  }

  func run() throws {
    let library = try options.desk.library
    guard let archive = library as? TranscriptArchive else {
      if printAnchor || anchor != nil {
        throw ValidationError("anchors belong to the file store's day indexes; a database has none yet")
      }
      return try verify(library)
    }
    if printAnchor {
      let chain = IndexChain(root: archive.root)
      let findings = chain.verify()
      for finding in findings { Console.error(finding.description) }
      guard findings.isEmpty else { throw ExitCode.failure }
      guard let head = chain.head else {
        Console.error("no session has ended since the day indexes were chained: nothing to anchor yet")
        throw ExitCode.failure
      }
      Console.write(head)
      return
    }
    let paths: [String]
    if let session {
      guard let path = archive.path(of: session) else { throw ValidationError("no session \(session)") }
      paths = [path]
    } else {
      paths = archive.sessionPaths()
    }
    var tampered = 0
    // Paths come in time order, a day's together: each day's index is read once, and only one is held.
    var day: (folder: String, index: DayIndex)?
    for path in paths {
      let transcript: Transcript
      do {
        transcript = try Transcript.read(path: path)
      } catch {
        tampered += 1
        Console.write("\(path): \(error.reason)")
        continue
      }
      let folder = DayIndex.folder(of: transcript)
      if day?.folder != folder { day = (folder, DayIndex(folder: folder)) }
      let problems = archive.verify(transcript, against: day!.index)
      if problems.contains(where: \.isTampering) { tampered += 1 }
      Console.write(
        "\(transcript.session): "
          + (problems.isEmpty ? "ok" : problems.map(\.description).joined(separator: "; ")))
    }
    var summary = "\(paths.count) checked, \(tampered) with signs of tampering"
    if all || anchor != nil {
      let chain = IndexChain(root: archive.root)
      let findings = chain.verify(anchor: anchor)
      for finding in findings { Console.write(finding.description) }
      summary += "; day indexes: \(chain.lines.count) entries, \(findings.count) problems"
      if anchor != nil, findings.isEmpty { summary += ", the anchor is in the chain" }
      tampered += findings.count
    }
    Console.write(summary)
    if tampered > 0 { throw ExitCode.failure }
  }

  /// A store other than files: each transcript's chain, against the entry its end left.
  private func verify(_ library: any TranscriptLibrary) throws {
    let transcripts = try session.map { [try library.transcript(of: $0)] } ?? library.transcripts()
    var tampered = 0
    for transcript in transcripts {
      let problems = library.verify(transcript)
      if problems.contains(where: \.isTampering) { tampered += 1 }
      Console.write(
        "\(transcript.session): "
          + (problems.isEmpty ? "ok" : problems.map(\.description).joined(separator: "; ")))
    }
    Console.write("\(transcripts.count) checked, \(tampered) with signs of tampering")
    if tampered > 0 { throw ExitCode.failure }
  }
}
