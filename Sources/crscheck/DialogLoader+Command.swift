import ArgumentParser
import DialogEngine

extension DialogLoader {
  /// Loads a dialog for a command, or prints every problem (file:line:column) and exits with status 1.
  static func loadForCommand(path: String) throws -> Dialog {
    do {
      return try load(path: path)
    } catch {
      Console.error(error.description)
      throw ExitCode.failure
    }
  }
}
