import ArgumentParser

@main
struct CRSCheck: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "crscheck",
    abstract:
      "A symptom checker for cytokine release syndrome (CRS). It advises what to do; it does not diagnose.",
    subcommands: [
      ChatCommand.self, ServeCommand.self, ReviewCommand.self, StoreCommand.self, ValidateCommand.self,
      GraphCommand.self, DeskCommand.self, KioskCommand.self,
    ]
  )
}
