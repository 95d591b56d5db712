import ArgumentParser
import DialogEngine

extension DialogGraph.Format: ExpressibleByArgument {}

struct GraphCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "graph",
    abstract: "Print a dialog as a graph for clinical review (Graphviz DOT or Mermaid).",
    discussion: "Render DOT with Graphviz, for example: crscheck graph Dialogs/crs.yaml | dot -Tsvg > crs.svg"
  )

  @Argument(help: "The dialog file.")
  var file: String

  @Option(help: "dot or mermaid.")
  var format: DialogGraph.Format = .dot

  func run() throws {
    let dialog = try DialogLoader.loadForCommand(path: file)
    Console.write(DialogGraph(dialog).render(format), terminator: "")
  }
}
