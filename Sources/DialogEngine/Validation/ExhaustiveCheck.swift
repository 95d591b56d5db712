import Foundation

/// The checks `crscheck validate --exhaustive` adds to validation, by running the dialog rather than
/// reading it: every phrase of every emergency finding, typed at every question, must reach the most
/// urgent advice, in every language of the dialog; and every concept of the medical source must be covered.
public struct ExhaustiveCheck: Sendable {
  /// A phrase that, typed at a question, did not lead to the most urgent advice.
  public struct Miss: Sendable, Hashable, CustomStringConvertible {
    public var language: String
    public var node: String
    public var finding: String
    public var phrase: String
    public var outcome: String

    public var description: String {
      "in \(language), at `\(node)`, “\(phrase)” (finding `\(finding)`) led to \(outcome), not the emergency advice"
    }
  }

  public var misses: [Miss] = []
  /// How many (question, phrase) pairs were run, and in which languages.
  public var runs = 0
  public var languages: [String] = []
  /// The findings whose every phrase must lead to the most urgent advice.
  public var emergencyFindings: [String] = []
  public var uncovered: [CoverageItem] = []
  public var coverageTotal = 0

  public var passed: Bool { misses.isEmpty && uncovered.isEmpty && coverageTotal > 0 }

  /// Runs the check at every question, or only at the questions named in `only` (a test's sample: the
  /// whole run belongs to `crscheck validate --exhaustive`).
  public init(_ dialog: Dialog, only: Set<String>? = nil) {
    let engine = Engine(dialog: dialog)
    guard let mostUrgent = dialog.dispositions.max(by: { $0.level < $1.level }) else { return }
    emergencyFindings = dialog.emergencyFindings
    let questions = dialog.nodes.filter { node in
      guard case .ask = node.kind else { return false }
      return only?.contains(node.id) ?? true
    }
    let today = Date(timeIntervalSince1970: 1_795_608_000)
    // Each language's own phrases at each question of a conversation in that language.
    for words in dialog.inEveryLanguage {
      languages.append(words.code)
      for node in questions {
        let session = engine.session(at: node.id, date: today, language: words.code)
        for id in emergencyFindings {
          guard let finding = words.finding(id) else { continue }
          // Word groups spell some phrases twice; each is run once.
          var seen: Set<String> = []
          let phrases = ([finding.label] + finding.phrases).flatMap {
            FindingReader.expand($0, words.language.wordGroups)
          }.filter { seen.insert($0).inserted }
          for phrase in phrases {
            runs += 1
            let step = engine.respond(to: phrase, in: session)
            guard case .ended(let disposition) = step.session.status, disposition == mostUrgent.id else {
              misses.append(
                Miss(
                  language: words.code, node: node.id, finding: id, phrase: phrase,
                  outcome: Self.describe(step.session.status)))
              continue
            }
          }
        }
      }
    }
    coverageTotal = dialog.coverage.count
    uncovered = dialog.coverage.filter { item in
      item.target.map { !DialogValidator.exists($0, in: dialog) } ?? true
    }
  }

  private static func describe(_ status: Session.Status) -> String {
    switch status {
    case .active: "another question"
    case .quit: "the end of the conversation"
    case .ended(let disposition): "`\(disposition)`"
    }
  }
}
