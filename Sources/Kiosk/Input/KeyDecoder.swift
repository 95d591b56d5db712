/// Turns the terminal's bytes into keys: escape sequences for arrows and F5 (xterm's and the Linux
/// console's), a lone Esc, UTF-8 characters. Pure, fed one byte at a time.
public struct KeyDecoder: Sendable {
  private var pending: [UInt8] = []

  public init() {}

  /// Whether bytes of an unfinished sequence are held (a lone Esc is told from the start of an arrow key
  /// only by nothing following it soon).
  public var isHolding: Bool { !pending.isEmpty }

  /// The key `byte` completes, if any.
  public mutating func feed(_ byte: UInt8) -> Key? {
    pending.append(byte)
    if pending[0] == 0x1B { return escapeSequence() }
    if pending[0] >= 0x80 { return utf8Character() }
    pending = []
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return .digit(Int(byte - UInt8(ascii: "0")))
    case 0x0D, 0x0A: return .enter
    case 0x20: return .space
    case 0x21..<0x7F: return .character(Character(Unicode.Scalar(byte)))
    default: return .other
    }
  }

  /// Nothing followed what is held: a lone Esc is the back key; a broken sequence is dropped.
  public mutating func timeout() -> Key? {
    defer { pending = [] }
    return pending == [0x1B] ? .back : (pending.isEmpty ? nil : .other)
  }

  private mutating func escapeSequence() -> Key? {
    guard pending.count >= 2 else { return nil }
    let body = pending.dropFirst()
    // CSI (`ESC [`) and SS3 (`ESC O`) sequences end with a byte from @ to ~ (the Linux console's F-keys
    // are `ESC [ [ A`…`E`).
    guard body.first == UInt8(ascii: "[") || body.first == UInt8(ascii: "O") else {
      pending = []
      return .other
    }
    let rest = Array(body.dropFirst())
    guard let last = rest.last, (0x40...0x7E).contains(last), rest != [UInt8(ascii: "[")] else {
      if pending.count > 16 { pending = [] }
      return nil
    }
    let sequence = String(decoding: body, as: UTF8.self)
    pending = []
    switch sequence {
    case "[A", "OA": return .up
    case "[B", "OB": return .down
    case "[15~", "[[E": return .startOver
    default: return .other
    }
  }

  /// How many bytes the UTF-8 sequence that `lead` begins has.
  static func utf8Length(lead: UInt8) -> Int {
    lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
  }

  private mutating func utf8Character() -> Key? {
    guard pending.count >= Self.utf8Length(lead: pending[0]) else { return nil }
    defer { pending = [] }
    guard let text = String(validating: pending, as: UTF8.self), let character = text.first else {
      return .other
    }
    return .character(character)
  }
}
