#if canImport(Glibc)
  import Glibc
#endif

/// Writes JSON text straight into bytes. Foundation's JSONEncoder took a third of the server's CPU per turn
/// (generic containers, a dictionary per object, a string per date); the transcripts and the wire know their
/// shapes, so they spell them out here, keys in sorted order as before.
public struct JSONWriter: Sendable {
  public private(set) var bytes: [UInt8]
  /// Whether the next member or element needs a comma before it.
  private var needsComma = false

  public init(capacity: Int = 512) {
    bytes = []
    bytes.reserveCapacity(capacity)
  }

  // MARK: Containers

  /// An object; `body` writes its members with `key` and a value, in the order the caller wants them.
  public mutating func object(_ body: (inout JSONWriter) -> Void) {
    container(UInt8(ascii: "{"), UInt8(ascii: "}"), body)
  }

  /// An array; `body` writes its elements.
  public mutating func array(_ body: (inout JSONWriter) -> Void) {
    container(UInt8(ascii: "["), UInt8(ascii: "]"), body)
  }

  /// An array of strings.
  public mutating func array(_ strings: [String]) {
    array { writer in
      for string in strings { writer.string(string) }
    }
  }

  /// A member's name; its value follows.
  public mutating func key(_ name: StaticString) {
    separate()
    bytes.append(UInt8(ascii: "\""))
    name.withUTF8Buffer { bytes.append(contentsOf: $0) }
    bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    needsComma = false
  }

  /// A member's name that is data (a slot's id); escaped like any string.
  public mutating func key(_ name: String) {
    string(name)
    bytes.append(UInt8(ascii: ":"))
    needsComma = false
  }

  /// A member whose value is a string; none when the value is nil.
  public mutating func member(_ name: StaticString, _ value: String?) {
    guard let value else { return }
    key(name)
    string(value)
  }

  public mutating func member(_ name: StaticString, _ value: Int) {
    key(name)
    integer(value)
  }

  public mutating func member(_ name: StaticString, _ value: Bool) {
    key(name)
    bool(value)
  }

  // MARK: Values

  public mutating func string(_ value: String) {
    separate()
    var value = value
    value.withUTF8 { Self.quote($0, into: &bytes) }
    needsComma = true
  }

  public mutating func integer(_ value: Int) {
    separate()
    if (0..<10).contains(value) {
      bytes.append(UInt8(ascii: "0") + UInt8(value))
    } else {
      bytes.append(contentsOf: String(value).utf8)
    }
    needsComma = true
  }

  /// A number as JSON allows it: whole numbers without a fraction, and no infinity (the largest finite value
  /// stands for it), so that whatever a patient typed always writes.
  public mutating func number(_ value: Double) {
    guard value.isFinite else {
      number(value.isNaN ? 0 : (value > 0 ? Double.greatestFiniteMagnitude : -Double.greatestFiniteMagnitude))
      return
    }
    if value == value.rounded(), abs(value) < 1e15 {
      integer(Int(value))
      return
    }
    separate()
    bytes.append(contentsOf: value.description.utf8)
    needsComma = true
  }

  public mutating func bool(_ value: Bool) {
    separate()
    bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
    needsComma = true
  }

  public mutating func null() {
    separate()
    bytes.append(contentsOf: Self.nullBytes)
    needsComma = true
  }

  /// A moment as ISO 8601 in UTC with milliseconds (`2026-12-02T01:51:34.120Z`), as the transcripts have
  /// always had it; `seconds` since 1970.
  public mutating func timestamp(_ seconds: Double) {
    separate()
    // Cut, not rounded, to the millisecond, as Foundation's ISO 8601 style does; the nudge keeps 0.123,
    // stored as 0.12299…, at 123.
    let whole = seconds.rounded(.down)
    let millis = min(999, Int(((seconds - whole) * 1000 + 1e-6).rounded(.down)))
    var time = time_t(whole)
    var parts = tm()
    gmtime_r(&time, &parts)
    bytes.append(UInt8(ascii: "\""))
    digits(Int(parts.tm_year) + 1900, 4)
    bytes.append(UInt8(ascii: "-"))
    digits(Int(parts.tm_mon) + 1, 2)
    bytes.append(UInt8(ascii: "-"))
    digits(Int(parts.tm_mday), 2)
    bytes.append(UInt8(ascii: "T"))
    digits(Int(parts.tm_hour), 2)
    bytes.append(UInt8(ascii: ":"))
    digits(Int(parts.tm_min), 2)
    bytes.append(UInt8(ascii: ":"))
    digits(Int(parts.tm_sec), 2)
    bytes.append(UInt8(ascii: "."))
    digits(millis, 3)
    bytes.append(contentsOf: [UInt8(ascii: "Z"), UInt8(ascii: "\"")])
    needsComma = true
  }

  /// Text written already as JSON (a value encoded elsewhere).
  public mutating func raw(_ json: [UInt8]) {
    separate()
    bytes.append(contentsOf: json)
    needsComma = true
  }

  // MARK: Internals

  private mutating func container(_ open: UInt8, _ close: UInt8, _ body: (inout JSONWriter) -> Void) {
    separate()
    bytes.append(open)
    needsComma = false
    body(&self)
    bytes.append(close)
    needsComma = true
  }

  private mutating func separate() {
    if needsComma { bytes.append(UInt8(ascii: ",")) }
  }

  private mutating func digits(_ value: Int, _ width: Int) {
    var divisor = 1
    for _ in 1..<width { divisor *= 10 }
    var value = value
    while divisor > 0 {
      bytes.append(UInt8(ascii: "0") + UInt8((value / divisor) % 10))
      value %= divisor
      divisor /= 10
    }
  }

  private static let trueBytes = Array("true".utf8)
  private static let falseBytes = Array("false".utf8)
  private static let nullBytes = Array("null".utf8)
  private static let hex = Array("0123456789abcdef".utf8)

  /// A JSON string: quotes, backslashes and control characters escaped, everything else copied as UTF-8.
  /// Runs that need no escape are copied whole.
  static func quote(_ text: UnsafeBufferPointer<UInt8>, into bytes: inout [UInt8]) {
    bytes.append(UInt8(ascii: "\""))
    var start = 0
    for index in 0..<text.count {
      let byte = text[index]
      guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
      if start < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<index])) }
      start = index + 1
      bytes.append(UInt8(ascii: "\\"))
      switch byte {
      case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
      case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
      case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "n"))
      case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "r"))
      case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "t"))
      default:
        bytes.append(contentsOf: [
          UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
        ])
      }
    }
    if start < text.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...])) }
    bytes.append(UInt8(ascii: "\""))
  }
}
