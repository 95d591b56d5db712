import DialogEngine
import Testing

@testable import Terminal

@Suite("Tab completion words")
struct CompletionsTests {
  @Test("a question offers its labels, the names inside them, and the commands")
  func labelsNamesAndCommands() {
    let question = Question(
      node: "n", slot: "s", text: "Which?", input: .choice,
      options: [.init(id: "a", label: "Apple"), .init(id: "b", label: "CAR-T (such as Kymriah)")])
    #expect(
      Completions.words(for: question, commands: ["back"]) == [
        "Apple", "CAR-T (such as Kymriah)", "CAR-T", "such", "Kymriah", "back",
      ])
  }
}
