/// Fills `{key}` placeholders in what the patient is shown, so that the words follow who the
/// conversation is about ("Do you have" or "Does your son have").
enum Wording {
  /// The words in force: the dialog's defaults, changed by the choices made so far.
  static func table(_ dialog: Dialog, _ state: Session.State) -> [String: String] {
    var table = dialog.wording
    for slot in dialog.slots {
      guard case .choice(let id)? = state.values[slot.id],
        let choice = slot.choices.first(where: { $0.id == id })
      else { continue }
      table.merge(choice.wording) { $1 }
    }
    return table
  }

  /// One pass over the text: this runs for every line shown, and repeated searching and replacing was
  /// the largest cost of a turn.
  static func fill(_ text: String, _ table: [String: String]) -> String {
    let open = UInt8(ascii: "{")
    guard text.utf8.contains(open) else { return text }
    var result = ""
    result.reserveCapacity(text.utf8.count)
    var rest = Substring(text)
    while let start = rest.utf8.firstIndex(of: open) {
      let after = rest[rest.utf8.index(after: start)...]
      guard let end = after.utf8.firstIndex(of: UInt8(ascii: "}")) else { break }
      result += rest[..<start]
      let key = after[..<end]
      if isKey(key), let words = table[String(key)] {
        result += words
      } else {
        result += rest[start...end]
      }
      rest = after[after.utf8.index(after: end)...]
    }
    result += rest
    return result
  }

  private static func isKey(_ key: Substring) -> Bool {
    !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
  }

  /// The keys of `{key}` placeholders: letters, digits and underscores between braces.
  static func placeholders(in text: String) -> [String] {
    var keys: [String] = []
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "{") {
      let after = rest[rest.index(after: open)...]
      guard let close = after.firstIndex(of: "}") else { break }
      let key = after[..<close]
      if isKey(key) {
        keys.append(String(key))
      }
      rest = after[after.index(after: close)...]
    }
    return keys
  }
}
