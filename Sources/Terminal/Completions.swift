import DialogEngine

/// The words Tab offers at the terminal.
enum Completions {
  /// Words Tab can complete for a question: its options' labels, the names inside them ("Kymriah"),
  /// and the commands.
  static func words(for question: Question, commands: [String]) -> [String] {
    let labels = question.options.map(\.label)
    let names = labels.flatMap { label in
      label.split { !$0.isLetter && !$0.isNumber && $0 != "-" }.map(String.init).filter { $0.count >= 4 }
    }
    var seen = Set<String>()
    return (labels + names + commands).filter { seen.insert($0).inserted }
  }

}
