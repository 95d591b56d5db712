import DialogEngine
import Foundation
import Testing

@Suite("Dialog graphs")
struct DialogGraphTests {
  @Test("docs/crs-graph.dot is the graph of the current dialog (run `make graph` after changing it)")
  func committedGraphIsCurrent() throws {
    let committed = try String(
      contentsOf: Fixtures.repository.appending(path: "docs/crs-graph.dot"), encoding: .utf8)
    #expect(DialogGraph(Fixtures.crs).render(.dot) == committed)
  }

  @Test("DOT colours ends by urgency and draws interrupts as dashed edges from any question")
  func dot() {
    let dot = DialogGraph(Fixtures.minimal).render(.dot)
    #expect(dot.hasPrefix("digraph \"minimal\" {"))
    #expect(dot.contains("\"call_911\" [shape=box, style=\"filled,bold\", fillcolor=\"#d7191c\""))
    #expect(dot.contains("\"watch\" [shape=box, style=\"filled,bold\", fillcolor=\"#ffffbf\""))
    #expect(dot.contains("\"ask_therapy\" -> \"ask_started\" [label=\"therapy in cart, unknown\"];"))
    #expect(
      dot.contains(
        "\"any question\" -> \"call_911\" [style=dashed, color=\"#d7191c\", label=\"very_hot: temperature ≥ 39.4\"];"
      ))
  }

  @Test("Mermaid has every node and edge, and a class per disposition")
  func mermaid() {
    let text = DialogGraph(Fixtures.minimal).render(.mermaid)
    #expect(text.hasPrefix("flowchart TD\n"))
    #expect(text.contains("  ask_symptoms(\"ask_symptoms: ask symptoms\")"))
    #expect(text.contains("  ask_symptoms -->|\"symptoms in none\"| watch"))
    #expect(text.contains("  any_question -.->|\"emergency_sign: breathless\"| call_911"))
    #expect(text.contains("  class call_911 emergency"))
  }
}
