import ArgumentParser
import DialogEngine

struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check dialog files and report each problem with its file, line and column.",
    discussion: """
      Exits with status 1 when any file has an error. With --exhaustive, also types every phrase of every
      emergency finding at every question and fails unless each ends in the most urgent advice, and
      reports the concepts of the medical source that the dialog does not cover.
      """
  )

  @Argument(help: "The dialog files to check.")
  var files: [String]

  @Flag(help: "Also run every emergency phrase at every question, and report coverage of the source.")
  var exhaustive = false

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
            + "\(dialog.dispositions.count) dispositions, in "
            + dialog.inEveryLanguage.map { "\($0.languageName) (\($0.code))" }.joined(separator: " and "))
        if exhaustive && !report(ExhaustiveCheck(dialog), file: file) { failed = true }
      }
    }
    if failed { throw ExitCode.failure }
  }

  /// Prints what the exhaustive check found; true when it passed.
  private func report(_ check: ExhaustiveCheck, file: String) -> Bool {
    for miss in check.misses {
      Console.write("\(file): error: \(miss)")
    }
    Console.write(
      "\(file): emergency phrases: \(check.runs) runs of \(check.emergencyFindings.count) findings at every question, "
        + "in \(check.languages.joined(separator: " and ")), \(check.misses.count) not ending in the emergency advice"
    )
    for item in check.uncovered {
      Console.write("\(item.location): error: concept “\(item.concept)” (\(item.section)) is not covered")
    }
    let covered = check.coverageTotal - check.uncovered.count
    Console.write("\(file): coverage: \(covered) of \(check.coverageTotal) concepts of the source covered")
    if check.coverageTotal == 0 {
      Console.write("\(file): error: the dialog lists no `coverage` of its source")
    }
    Console.write(
      "\(file): paths without a disposition: none (every node reaches an end, and the graph has no loop)")
    return check.passed
  }
}
