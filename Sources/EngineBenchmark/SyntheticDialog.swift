import Foundation
import Yams

/// A generated dialog of a chosen size, to see how the engine's costs grow with the dialog: `size`
/// findings (a dozen phrases each, as the CRS dialog has), `size` yes/no questions in a chain with a
/// rule at each, and an emergency interrupt, in the CRS dialog's own language and messages so that
/// understanding works as it does in production.
struct SyntheticDialog {
  let size: Int
  /// The `language:` and `messages:` sections of a real dialog, as YAML.
  let commonSections: String

  /// Takes the language and messages of the dialog at `path`, or of the lexicon it names.
  init(size: Int, basePath path: String) throws {
    self.size = size
    var yaml = try String(contentsOfFile: path, encoding: .utf8)
    if case .mapping(let dialog)? = try Yams.compose(yaml: yaml),
      let lexicon = dialog[.scalar(.init("lexicon"))]?.string
    {
      let lexiconPath = URL(filePath: path).deletingLastPathComponent().appending(path: lexicon).path
      yaml = try String(contentsOfFile: lexiconPath, encoding: .utf8)
    }
    guard case .mapping(let root)? = try Yams.compose(yaml: yaml) else {
      throw BenchmarkError("the base dialog is not a YAML mapping")
    }
    var sections = ""
    for key in ["language", "messages"] {
      guard let value = root[.scalar(.init(key))] else {
        throw BenchmarkError("the base dialog has no \(key)")
      }
      let node = Node.mapping(.init([(.scalar(.init(key)), value)]))
      sections += try Yams.serialize(node: node)
    }
    commonSections = sections
  }

  static let phrasesPerFinding = 12

  /// A made-up word for number `n`: distinct for each n, and unlike any English word the language uses.
  static func word(_ n: Int) -> String {
    let syllables = ["ka", "lo", "mi", "nu", "pe", "ra", "si", "tu", "vo", "ze"]
    var n = n
    var word = "q"
    repeat {
      word += syllables[n % 10]
      n /= 10
    } while n > 0
    return word + "x"
  }

  /// A phrase of finding `finding`.
  static func phrase(_ finding: Int, _ index: Int) -> String {
    word(finding * phrasesPerFinding + index) + " " + word(finding)
  }

  var yaml: String {
    var text = """
      dialog: synthetic-\(size)
      version: 1.0.0
      start: welcome
      dispositions:
        - { id: emergency, label: Call 911 now, level: 3 }
        - { id: consult, label: Call your doctor, level: 2 }
        - { id: monitor, label: Keep watching, level: 1 }
      findings:

      """
    for finding in 0..<size {
      let phrases = (0..<Self.phrasesPerFinding).map { Self.phrase(finding, $0) }
      text +=
        "  - { id: f\(finding), label: \(Self.word(finding)), phrases: [\(phrases.joined(separator: ", "))] }\n"
    }
    text += "slots:\n"
    for question in 0..<size {
      text += "  - { id: s\(question), label: question \(question), kind: yes_no }\n"
    }
    text += """
      interrupts:
        - id: emergency_sign
          when: { present: [\((0..<min(size, 5)).map { "f\($0)" }.joined(separator: ", "))] }
          goto: end_emergency
      nodes:
        - { id: welcome, say: Hello., next: ask0 }

      """
    for question in 0..<size {
      let next = question + 1 < size ? "ask\(question + 1)" : "end_monitor"
      text += """
          - id: ask\(question)
            ask: s\(question)
            text: Question \(question)?
            next:
              - when: { present: [f\(question)] }
                goto: end_consult
              - goto: \(next)

        """
    }
    text += """
        - { id: end_emergency, end: emergency, advice: Call 911 now. This is not a diagnosis. }
        - { id: end_consult, end: consult, advice: Call your doctor today. This is not a diagnosis. }
        - { id: end_monitor, end: monitor, advice: Keep watching. This is not a diagnosis. }

      """
    return text + commonSections
  }
}
