import Foundation
import Yams

/// What simulated patients say: the suite's realistic vignettes (free text told in order, with answers
/// for particular questions by slot), so the load exercises the understanding as real patients would.
public struct PatientScript: Sendable {
  public struct Vignette: Decodable, Sendable {
    public var name: String
    public var lines: [String]
    public var answers: [String: String]?
  }

  private struct File: Decodable {
    var defaults: [String: String]
    var vignettes: [Vignette]
  }

  public let defaults: [String: String]
  public let vignettes: [Vignette]

  public init(contentsOf path: String) throws {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let file = try YAMLDecoder().decode(File.self, from: text)
    guard !file.vignettes.isEmpty else { throw ScriptError(path: path) }
    defaults = file.defaults
    vignettes = file.vignettes
  }

  /// One conversation's patient: what it answers to each question, in order.
  public struct Patient: Sendable {
    private var answers: [String: String]
    private var lines: ArraySlice<String>

    public init(_ vignette: Vignette, defaults: [String: String]) {
      answers = defaults.merging(vignette.answers ?? [:]) { $1 }
      lines = vignette.lines[...]
    }

    /// The answer to the question on `slot`: that question's own answer, else the story's next line,
    /// else "I don't know" (which every question accepts).
    public mutating func answer(toSlot slot: String) -> String {
      answers[slot] ?? lines.popFirst() ?? "I don't know"
    }
  }

  public func patient(_ number: Int) -> Patient {
    Patient(vignettes[number % vignettes.count], defaults: defaults)
  }

  /// A scripts file with no vignette in it.
  public struct ScriptError: Error, CustomStringConvertible {
    public var path: String
    public var description: String { "\(path) holds no vignettes" }
  }
}
