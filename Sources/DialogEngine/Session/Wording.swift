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

  static func fill(_ text: String, _ table: [String: String]) -> String {
    guard text.contains("{") else { return text }
    var result = text
    for key in placeholders(in: text) {
      if let words = table[key] { result = result.replacingOccurrences(of: "{\(key)}", with: words) }
    }
    return result
  }

  /// The keys of `{key}` placeholders: letters, digits and underscores between braces.
  static func placeholders(in text: String) -> [String] {
    var keys: [String] = []
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "{") {
      let after = rest[rest.index(after: open)...]
      guard let close = after.firstIndex(of: "}") else { break }
      let key = after[..<close]
      if !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
        keys.append(String(key))
      }
      rest = after[after.index(after: close)...]
    }
    return keys
  }
}
