import ArgumentParser
import Foundation
import Terminal

/// `crscheck review` at a terminal with no subcommand: a prompt with line editing and Tab completion of
/// the commands and session ids, running the same subcommands as the command line.
struct ReviewPrompt {
  let options: ReviewOptions
  static let commands = ["queue", "show", "sign", "export", "stats", "verify", "help", "quit"]

  func run() {
    let source = EditLineSource()
    Console.write("crscheck review: type a command (help lists them), or quit.")
    while true {
      let sessions = (try? options.desk.library.sessions()) ?? []
      source.offer(completions: Self.commands + sessions)
      switch source.next(prompt: "review> ") {
      case .line(let text):
        let words = Self.words(text)
        guard let first = words.first else { continue }
        if first == "quit" || first == "exit" { return }
        if first == "help" {
          Console.write(ReviewCommand.helpMessage(columns: 100))
          continue
        }
        do {
          var command = try ReviewCommand.parseAsRoot(
            words + [
              "--store", (try? options.store.location.description) ?? "Transcripts", "--by", options.by,
            ])
          guard !(command is ReviewCommand) else { continue }
          try command.run()
        } catch {
          Console.error(ReviewCommand.fullMessage(for: error))
        }
      case .interrupted:
        continue
      case .tooLong, .invalidText:
        Console.error("That line could not be read.")
      case .end:
        return
      }
    }
  }

  /// Splits a command line on spaces, keeping "quoted notes" whole.
  static func words(_ line: String) -> [String] {
    var words: [String] = []
    var current = ""
    var quoted = false
    for character in line {
      if character == "\"" {
        quoted.toggle()
      } else if character == " " && !quoted {
        if !current.isEmpty { words.append(current) }
        current = ""
      } else {
        current.append(character)
      }
    }
    if !current.isEmpty { words.append(current) }
    return words
  }
}
