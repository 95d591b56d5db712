/// Fills `{key}` placeholders in what the patient is shown, so that the words follow who the
/// conversation is about ("Do you have" or "Does your son have").
struct Wording: Sendable {
  private let defaults: [String: String]
  /// Only the slots with a choice that changes words, in the dialog's order, so that working out the
  /// words in force reads a slot or two instead of every slot.
  private let changes: [(slot: String, wording: [String: [String: String]])]

  init(dialog: Dialog) {
    defaults = dialog.wording
    changes = dialog.slots.compactMap { slot in
      let wording = Dictionary(
        slot.choices.filter { !$0.wording.isEmpty }.map { ($0.id, $0.wording) },
        uniquingKeysWith: { a, _ in a })
      return wording.isEmpty ? nil : (slot.id, wording)
    }
  }

  /// The words in force: the dialog's defaults, changed by the choices made so far.
  func table(_ state: Session.State) -> [String: String] {
    var table = defaults
    for change in changes {
      guard case .choice(let id)? = state.values[change.slot], let wording = change.wording[id] else {
        continue
      }
      table.merge(wording) { $1 }
    }
    return table
  }

  /// One pass over the text's bytes: this runs for every line shown, and repeated searching and
  /// replacing, then searching by characters, were the largest costs of a turn.
  static func fill(_ text: String, _ table: [String: String]) -> String {
    let open = UInt8(ascii: "{")
    let close = UInt8(ascii: "}")
    var bytesOfText = text
    let filled = bytesOfText.withUTF8 { bytes -> String? in
      guard bytes.contains(open) else { return nil }
      var result: [UInt8] = []
      result.reserveCapacity(bytes.count + 32)
      var position = 0
      while let start = bytes[position...].firstIndex(of: open) {
        result.append(contentsOf: bytes[position..<start])
        guard let end = bytes[(start + 1)...].firstIndex(of: close) else {
          position = start
          break
        }
        let key = bytes[(start + 1)..<end]
        if isKey(key), let words = table[String(decoding: key, as: UTF8.self)] {
          result.append(contentsOf: words.utf8)
        } else {
          result.append(contentsOf: bytes[start...end])
        }
        position = end + 1
      }
      result.append(contentsOf: bytes[position...])
      return String(decoding: result, as: UTF8.self)
    }
    return filled ?? text
  }

  /// ASCII letters, digits and underscores: bytes, not characters, as grapheme breaking cost most of it.
  private static func isKey<Bytes: Collection<UInt8>>(_ key: Bytes) -> Bool {
    !key.isEmpty
      && key.allSatisfy { byte in
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
          || byte == UInt8(ascii: "_")
      }
  }

  /// The keys of `{key}` placeholders: letters, digits and underscores between braces.
  static func placeholders(in text: String) -> [String] {
    var keys: [String] = []
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "{") {
      let after = rest[rest.index(after: open)...]
      guard let close = after.firstIndex(of: "}") else { break }
      let key = after[..<close]
      if isKey(key.utf8) {
        keys.append(String(key))
      }
      rest = after[after.index(after: close)...]
    }
    return keys
  }
}
