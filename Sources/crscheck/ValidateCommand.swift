import ArgumentParser
import DialogEngine

struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check dialog files and report each problem with its file, line and column.",
    discussion: "Exits with status 1 when any file has an error."
  )

  @Argument(help: "The dialog files to check.")
  var files: [String]

  func run() throws {
    var failed = false
    for file in files {
      let (dialog, diagnostics) = DialogLoader.check(path: file)
      diagnostics.forEach { Console.write($0.description) }
      if diagnostics.contains(where: { $0.severity == .error }) || dialog == nil {
        failed = true
      } else if let dialog {
        Console.write(
          "\(file): valid: dialog \(dialog.id) \(dialog.version), \(dialog.nodes.count) nodes, "
            + "\(dialog.slots.count) slots, \(dialog.findings.count) findings, "
            + "\(dialog.dispositions.count) dispositions")
      }
    }
    if failed { throw ExitCode.failure }
  }
}
