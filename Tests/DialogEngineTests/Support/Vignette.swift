import DialogEngine
import Foundation
import Testing
import Yams

/// A realistic patient conversation with the disposition a clinician expects, read from
/// `Fixtures/vignettes.yaml`.
struct Vignette: Codable, Sendable, CustomTestStringConvertible {
  var name: String
  /// Free-text lines, said in order to whatever is asked.
  var lines: [String]
  var expect: String
  /// Answers for particular questions, by slot id, used whenever that question comes up (on top of the
  /// file's defaults: who it is about, readings, the neurological check, risk factors), so that a
  /// vignette's lines tell only the clinical story.
  var answers: [String: String]?
  /// Texts the patient must have been told along the way.
  var hears: [String]?

  var testDescription: String { name }

  struct File: Codable {
    var defaults: [String: String]
    var vignettes: [Vignette]
  }

  static let file: File = {
    let text = try! String(contentsOfFile: Fixtures.path("vignettes"), encoding: .utf8)
    return try! YAMLDecoder().decode(File.self, from: text)
  }()

  static var all: [Vignette] { file.vignettes }

  /// What the run came to.
  struct Run {
    var patient: Patient
    /// The question left unanswered when the lines ran out, if they did.
    var stalledAt: String?
    var heard: String
  }

  func run(on dialog: Dialog) -> Run {
    var patient = Patient(dialog)
    var lines = self.lines[...]
    let answers = Self.file.defaults.merging(self.answers ?? [:]) { $1 }
    var stalledAt: String?
    var turns = 0
    while patient.session.isActive, turns < 60 {
      turns += 1
      guard let slot = patient.question?.slot else { break }
      if let answer = answers[slot] {
        patient.say(answer)
      } else if let line = lines.popFirst() {
        patient.say(line)
      } else {
        stalledAt = patient.question?.node
        break
      }
    }
    let heard = patient.heard.map { event -> String in
      switch event {
      case .say(let text): text
      case .ask(let question): question.text
      case .result(let outcome): outcome.advice
      case .bye: ""
      }
    }.joined(separator: "\n")
    return Run(patient: patient, stalledAt: stalledAt, heard: heard)
  }
}
