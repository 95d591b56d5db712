/// The checks every front end applies to a patient's line before the engine sees it: valid UTF-8 and no
/// control characters but tab. Lines that fail are refused, never echoed or stored.
public enum PatientText {
  /// The text of a line (a trailing carriage return dropped), or nil if it must be refused.
  public static func decode(_ bytes: some Collection<UInt8>) -> String? {
    var bytes = Array(bytes)
    if bytes.last == 0x0D { bytes.removeLast() }
    guard let text = String(validating: bytes, as: UTF8.self),
      !text.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F })
    else { return nil }
    return text
  }
}
