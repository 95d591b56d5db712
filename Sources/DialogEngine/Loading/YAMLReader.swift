import Foundation
import Yams

/// Reads YAML nodes into plain values and collects every problem with its location, so an author sees
/// all mistakes of a file in one run instead of one per run.
final class YAMLReader {
  let file: String
  private(set) var diagnostics: [Diagnostic] = []

  init(file: String) {
    self.file = file
  }

  func location(of node: Yams.Node) -> SourceLocation {
    let mark = node.mark
    return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
  }

  func error(_ node: Yams.Node, _ message: String) {
    diagnostics.append(.error(at: location(of: node), message))
  }

  func error(at location: SourceLocation, _ message: String) {
    diagnostics.append(.error(at: location, message))
  }

  /// A mapping's fields, or nil (with a diagnostic) when the node is not a mapping.
  func fields(_ node: Yams.Node, of what: String) -> Fields? {
    guard case .mapping(let mapping) = node else {
      error(node, "\(what) should be a mapping of `key: value` lines")
      return nil
    }
    var pairs: [(key: String, keyNode: Yams.Node, value: Yams.Node)] = []
    for (key, value) in mapping {
      guard let name = key.string else {
        error(key, "a key in \(what) should be a plain word")
        continue
      }
      pairs.append((name, key, value))
    }
    return Fields(reader: self, node: node, what: what, pairs: pairs)
  }

  func string(_ node: Yams.Node, _ what: String) -> String? {
    guard case .scalar(let scalar) = node else {
      error(node, "\(what) should be text, not a list or mapping")
      return nil
    }
    return scalar.string
  }

  /// A list of texts; a single text is accepted as a list of one.
  func strings(_ node: Yams.Node, _ what: String) -> [String] {
    switch node {
    case .scalar(let scalar): return [scalar.string]
    case .sequence(let sequence): return sequence.compactMap { string($0, "each item of \(what)") }
    case .mapping: error(node, "\(what) should be a list of texts")
    case .alias: error(node, "\(what) should not be an alias")
    }
    return []
  }

  func sequence(_ node: Yams.Node, _ what: String) -> [Yams.Node] {
    guard case .sequence(let sequence) = node else {
      error(node, "\(what) should be a list (lines starting with `- `)")
      return []
    }
    return Array(sequence)
  }

  func number(_ node: Yams.Node, _ what: String) -> Double? {
    guard let text = string(node, what) else { return nil }
    guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else {
      error(node, "\(what) should be a number, but it is `\(text)`")
      return nil
    }
    return value
  }

  func integer(_ node: Yams.Node, _ what: String) -> Int? {
    guard let text = string(node, what) else { return nil }
    guard let value = Int(text) else {
      error(node, "\(what) should be a whole number, but it is `\(text)`")
      return nil
    }
    return value
  }

  func bool(_ node: Yams.Node, _ what: String) -> Bool? {
    guard let text = string(node, what) else { return nil }
    switch text {
    case "true", "yes": return true
    case "false", "no": return false
    default:
      error(node, "\(what) should be true or false, but it is `\(text)`")
      return nil
    }
  }

  /// The fields of one mapping; reading a key marks it used, and `finish` reports keys nobody read,
  /// which are almost always typos.
  final class Fields {
    let reader: YAMLReader
    let node: Yams.Node
    /// What the mapping is, for messages; refined once its id is known ("node `ask_therapy`").
    var what: String
    private let pairs: [(key: String, keyNode: Yams.Node, value: Yams.Node)]
    private var used: Set<String> = []

    fileprivate init(
      reader: YAMLReader, node: Yams.Node, what: String,
      pairs: [(key: String, keyNode: Yams.Node, value: Yams.Node)]
    ) {
      self.reader = reader
      self.node = node
      self.what = what
      self.pairs = pairs
    }

    var location: SourceLocation { reader.location(of: node) }

    func has(_ key: String) -> Bool { pairs.contains { $0.key == key } }

    var keys: [String] { pairs.map(\.key) }

    func optional(_ key: String) -> Yams.Node? {
      used.insert(key)
      return pairs.first { $0.key == key }?.value
    }

    func required(_ key: String) -> Yams.Node? {
      guard let value = optional(key) else {
        reader.error(node, "\(what) is missing `\(key)`")
        return nil
      }
      return value
    }

    func string(_ key: String) -> String? {
      required(key).flatMap { reader.string($0, "`\(key)` of \(what)") }
    }

    func optionalString(_ key: String) -> String? {
      optional(key).flatMap { reader.string($0, "`\(key)` of \(what)") }
    }

    func strings(_ key: String) -> [String] {
      optional(key).map { reader.strings($0, "`\(key)` of \(what)") } ?? []
    }

    func bool(_ key: String, default value: Bool) -> Bool {
      optional(key).flatMap { reader.bool($0, "`\(key)` of \(what)") } ?? value
    }

    func finish() {
      for pair in pairs where !used.contains(pair.key) {
        reader.error(pair.keyNode, "\(what) has an unknown key `\(pair.key)`")
      }
    }
  }
}
