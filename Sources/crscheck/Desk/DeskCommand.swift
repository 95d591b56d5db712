import ArgumentParser

struct DeskCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "desk",
    abstract: "The clinicians' review desk in the browser, and its accounts.",
    subcommands: [DeskServeCommand.self, DeskUserCommand.self],
    defaultSubcommand: DeskServeCommand.self
  )
}
