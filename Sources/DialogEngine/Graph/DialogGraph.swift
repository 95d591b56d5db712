import Foundation

/// The conversation as a picture for clinical review: Graphviz DOT or Mermaid text, with questions,
/// decisions and ends drawn apart, ends coloured by how urgent their advice is, and interrupts drawn as
/// dashed edges from every question.
public struct DialogGraph: Sendable {
  public enum Format: String, Sendable, CaseIterable {
    case dot
    case mermaid
  }

  let dialog: Dialog

  public init(_ dialog: Dialog) {
    self.dialog = dialog
  }

  public func render(_ format: Format) -> String {
    switch format {
    case .dot: dot()
    case .mermaid: mermaid()
    }
  }

  /// Red for the most urgent advice down to green for the least.
  private static let palette = ["#d7191c", "#fdae61", "#ffffbf", "#a6d96a", "#1a9641"]

  private func colour(ofDisposition id: String) -> String {
    let ranked = dialog.dispositions.sorted { $0.level > $1.level }.map(\.id)
    let rank = ranked.firstIndex(of: id) ?? Self.palette.count - 1
    return Self.palette[min(rank, Self.palette.count - 1)]
  }

  private func caption(_ node: Node) -> String {
    switch node.kind {
    case .say: "\(node.id)\nsay"
    case .ask(let ask): "\(node.id)\nask \(ask.slot)"
    case .end(let end): "\(node.id)\n\(end.disposition)"
    case .advise(let end): "\(node.id)\nadvise \(end.disposition)"
    case .decide: node.id
    }
  }

  private func dot() -> String {
    var lines = [
      "digraph \"\(dialog.id)\" {",
      "  label=\"\(escape(dialog.title)) \(escape(dialog.version))\";",
      "  rankdir=TB;",
      "  node [fontname=\"Helvetica\", fontsize=10];",
      "  edge [fontname=\"Helvetica\", fontsize=9];",
      "  \"any question\" [shape=plaintext, fontcolor=\"#d7191c\"];",
    ]
    for node in dialog.nodes {
      let label = escape(caption(node))
      switch node.kind {
      case .say, .advise: lines.append("  \"\(node.id)\" [shape=note, label=\"\(label)\"];")
      case .ask: lines.append("  \"\(node.id)\" [shape=box, style=rounded, label=\"\(label)\"];")
      case .decide: lines.append("  \"\(node.id)\" [shape=diamond, label=\"\(label)\"];")
      case .end(let end):
        lines.append(
          "  \"\(node.id)\" [shape=box, style=\"filled,bold\", fillcolor=\"\(colour(ofDisposition: end.disposition))\", label=\"\(label)\"];"
        )
      }
    }
    for node in dialog.nodes {
      for edge in node.edges {
        let label = edge.condition.map { " [label=\"\(escape(summary($0)))\"]" } ?? ""
        lines.append("  \"\(node.id)\" -> \"\(edge.target)\"\(label);")
      }
    }
    for interrupt in dialog.interrupts {
      lines.append(
        "  \"any question\" -> \"\(interrupt.target)\" [style=dashed, color=\"#d7191c\", label=\"\(escape(interrupt.id + ": " + summary(interrupt.condition)))\"];"
      )
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  private func mermaid() -> String {
    var lines = ["flowchart TD", "  any_question[/\"any question\"/]"]
    for node in dialog.nodes {
      let label = quote(caption(node).replacingOccurrences(of: "\n", with: ": "))
      switch node.kind {
      case .say, .advise: lines.append("  \(node.id)[\(label)]")
      case .ask: lines.append("  \(node.id)(\(label))")
      case .decide: lines.append("  \(node.id){\(label)}")
      case .end: lines.append("  \(node.id)[[\(label)]]")
      }
    }
    for node in dialog.nodes {
      for edge in node.edges {
        let label = edge.condition.map { "|\(quote(summary($0)))|" } ?? ""
        lines.append("  \(node.id) -->\(label) \(edge.target)")
      }
    }
    for interrupt in dialog.interrupts {
      lines.append(
        "  any_question -.->|\(quote(interrupt.id + ": " + summary(interrupt.condition)))| \(interrupt.target)"
      )
    }
    for (index, disposition) in dialog.dispositions.sorted(by: { $0.level > $1.level }).enumerated() {
      let ends = dialog.nodes.filter {
        if case .end(let end) = $0.kind { return end.disposition == disposition.id }
        return false
      }
      guard !ends.isEmpty else { continue }
      lines.append("  classDef \(disposition.id) fill:\(Self.palette[min(index, Self.palette.count - 1)])")
      lines.append("  class \(ends.map(\.id).joined(separator: ",")) \(disposition.id)")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A condition in a few words, cut short where it would swamp the picture.
  func summary(_ condition: Condition) -> String {
    if let name = condition.name { return name.replacingOccurrences(of: "_", with: " ") }
    let text: String
    switch condition.rule {
    case .slotIn(let slot, let values): text = "\(slot) in \(values.joined(separator: ", "))"
    case .present(let ids): text = ids.joined(separator: " or ")
    case .absent(let ids): text = "no " + ids.joined(separator: ", ")
    case .compare(let slot, let comparison, let value):
      let symbol = [.atLeast: "≥", .above: ">", .atMost: "≤", .below: "<"][comparison] ?? "?"
      text = "\(slot) \(symbol) \(value.formatted())"
    case .count(let slots, let values, let least):
      text = "\(least)+ of \(slots.count) \(values.joined(separator: "/"))"
    case .all(let conditions): text = conditions.map(summary).joined(separator: " and ")
    case .any(let conditions): text = conditions.map(summary).joined(separator: " or ")
    case .not(let inner): text = "not (\(summary(inner)))"
    }
    return text.count > 60 ? String(text.prefix(59)) + "…" : text
  }

  private func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      .replacingOccurrences(of: "\n", with: "\\n")
  }

  private func quote(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "|", with: "#124;")
      + "\""
  }
}
