/// The words of a dialog in one language, kept in a file of their own (`lexicon: crs.en.yaml` in the
/// dialog) so that a clinician reviews the medicine in one place and a translator edits the words in
/// another: the phrases of findings, choices and topics, the language section, the engine's messages and
/// the default wording.
struct Lexicon {
  /// Phrases for a finding, a choice or a topic, and where they are written.
  struct Entry {
    var phrases: [String]
    var parts: [[String]] = []
    var location: SourceLocation
  }

  var language: Language?
  var messages: Messages?
  var wording: [String: String] = [:]
  /// By finding id.
  var findings: [String: Entry] = [:]
  /// By slot id, then choice id.
  var choices: [String: [String: Entry]] = [:]
  /// By topic id.
  var topics: [String: Entry] = [:]

  /// The dialog with these words added to its own; an id the dialog does not declare is reported.
  func apply(to dialog: inout Dialog, reporting report: (SourceLocation, String) -> Void) {
    for (id, entry) in findings.sorted(by: { $0.key < $1.key }) {
      guard let index = dialog.findings.firstIndex(where: { $0.id == id }) else {
        report(entry.location, "the lexicon has words for finding `\(id)`, which the dialog does not declare")
        continue
      }
      dialog.findings[index].phrases += entry.phrases
      dialog.findings[index].parts += entry.parts
    }
    for (slotID, entries) in choices.sorted(by: { $0.key < $1.key }) {
      guard let slotIndex = dialog.slots.firstIndex(where: { $0.id == slotID }),
        case .choice(var options) = dialog.slots[slotIndex].kind
      else {
        for entry in entries.values {
          report(entry.location, "the lexicon has words for choices of `\(slotID)`, which is no choice slot")
        }
        continue
      }
      for (choiceID, entry) in entries.sorted(by: { $0.key < $1.key }) {
        guard let index = options.firstIndex(where: { $0.id == choiceID }) else {
          report(entry.location, "the lexicon has words for `\(slotID).\(choiceID)`, which is not declared")
          continue
        }
        options[index].phrases += entry.phrases
      }
      dialog.slots[slotIndex].kind = .choice(options)
    }
    for (id, entry) in topics.sorted(by: { $0.key < $1.key }) {
      guard let index = dialog.topics.firstIndex(where: { $0.id == id }) else {
        report(entry.location, "the lexicon has words for topic `\(id)`, which the dialog does not declare")
        continue
      }
      dialog.topics[index].phrases += entry.phrases
    }
  }
}
