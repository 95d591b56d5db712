import ArgumentParser

@main
struct CRSCheck: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "crscheck",
    abstract:
      "A symptom checker for cytokine release syndrome (CRS). It advises what to do; it does not diagnose.",
    subcommands: [ChatCommand.self, ValidateCommand.self, GraphCommand.self]
  )
}
