import Foundation
import Yams

/// What simulated patients say, read from a vignettes file: an opening line, then how the patient answers
/// each kind of question (`facts`), so that a vignette survives changes in the order of questions. The
/// tests play it against the engine and the benchmarks against the server, the same way.
public struct PatientScript: Sendable {
  public struct Vignette: Decodable, Sendable, CustomStringConvertible {
    public var name: String
    /// The least urgent advice a triage nurse would accept, when the file says.
    public var expect: String?
    public var opening: String
    /// By fact (`red_flags`, `who`, `treatment`, …): the answers, said in turn when the same question is
    /// asked again.
    public var facts: [String: Answers]?
    /// Texts the patient must be told along the way.
    public var hears: [String]?

    public var description: String { name }
  }

  /// One answer, or several said in turn: `who: me` or `symptoms: [what are the grades?, headache]`.
  public struct Answers: Decodable, Sendable {
    public var lines: [String]

    public init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      if let line = try? container.decode(String.self) {
        lines = [line]
      } else {
        lines = try container.decode([String].self)
      }
    }
  }

  /// How a patient answers what they cannot answer, or a question asked again because the bot did not
  /// understand: patients do one or the other, and neither may lower the advice.
  public enum GivingUp: String, CaseIterable, Sendable {
    case dontKnow = "I don't know"
    case noneOfThose = "none of those"

    /// Its key in a vignettes file's `giving_up`, for patients of another language.
    var key: String { self == .dontKnow ? "dont_know" : "none_of_those" }
  }

  /// Which fact answers the question on each slot of Dialogs/crs.yaml.
  public static let factForSlot = [
    "emergency_check": "red_flags", "subject": "who", "symptoms": "symptoms", "therapy": "treatment",
    "therapy_name": "treatment", "onset": "when", "temperature": "temperature", "readings": "readings",
    "trend": "trend", "neuro_year": "year", "neuro_month": "month", "neuro_city": "city",
    "neuro_count": "count",
    "neuro_writing": "writing", "child_aware": "child_behaviour", "child_settled": "child_behaviour",
    "dose": "dose", "condition": "condition", "condition_severity": "condition_severity", "health": "health",
  ]

  private struct File: Decodable {
    var defaults: [String: String]?
    var vignettes: [Vignette]
    var language: String?
    var givingUp: [String: String]?

    enum CodingKeys: String, CodingKey {
      case defaults, vignettes, language
      case givingUp = "giving_up"
    }
  }

  public let defaults: [String: String]
  public let vignettes: [Vignette]
  /// The language the patients speak (`es`), when it is not the dialog's own.
  public let language: String?
  /// How these patients give up, in their language: `dont_know: no sé`, `none_of_those: ninguno de esos`.
  private let givingUpWords: [String: String]

  public init(contentsOf path: String) throws {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let file = try YAMLDecoder().decode(File.self, from: text)
    guard !file.vignettes.isEmpty else { throw ScriptError(path: path) }
    defaults = file.defaults ?? [:]
    vignettes = file.vignettes
    language = file.language
    givingUpWords = file.givingUp ?? [:]
  }

  /// One conversation's patient.
  public struct Patient: Sendable {
    private let vignette: Vignette
    private let defaults: [String: String]
    private let givingUp: String
    private var openingSaid = false
    private var lastSlot: String?
    private var repeats = 0

    public init(
      _ vignette: Vignette, defaults: [String: String], givingUp: String = GivingUp.dontKnow.rawValue
    ) {
      self.vignette = vignette
      self.defaults = defaults
      self.givingUp = givingUp
    }

    /// The answer to the question on `slot`: the opening line first, then the fact for that question
    /// (its next answer when the question is asked again), else the way this patient gives up.
    public mutating func answer(toSlot slot: String) -> String {
      guard openingSaid else {
        openingSaid = true
        lastSlot = slot
        return vignette.opening
      }
      repeats = slot == lastSlot ? repeats + 1 : 0
      lastSlot = slot
      guard let fact = PatientScript.factForSlot[slot] else { return givingUp }
      let answers = vignette.facts?[fact]?.lines ?? defaults[fact].map { [$0] } ?? []
      return repeats < answers.count ? answers[repeats] : givingUp
    }
  }

  public func patient(_ number: Int, givingUp: GivingUp = .dontKnow) -> Patient {
    Patient(
      vignettes[number % vignettes.count], defaults: defaults,
      givingUp: givingUpWords[givingUp.key] ?? givingUp.rawValue)
  }

  /// A scripts file with no vignette in it.
  public struct ScriptError: Error, CustomStringConvertible {
    public var path: String
    public var description: String { "\(path) holds no vignettes" }
  }
}
