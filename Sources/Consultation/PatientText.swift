/// The checks every front end applies to a patient's line before the engine sees it: valid UTF-8 and no
/// control characters but tab. Lines that fail are refused, never echoed or stored.
public enum PatientText {
  /// The text of a line (a trailing carriage return dropped), or nil if it must be refused.
  public static func decode(_ bytes: some Collection<UInt8>) -> String? {
    var bytes = Array(bytes)
    if bytes.last == 0x0D { bytes.removeLast() }
    guard let text = String(validating: bytes, as: UTF8.self), isClean(text) else { return nil }
    return text
  }

  /// No control characters but tab: text decoded from elsewhere (a JSON string) is held to the same rule.
  public static func isClean(_ text: String) -> Bool {
    !text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
  }
}
