import Review

/// Markup being built. Interpolating a `String` escapes it (after showing control and bidirectional
/// characters as `<U+XXXX>`); only `HTML` is inserted as it is. Patient text can therefore reach a page
/// only as text, whoever writes the page.
public struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
  public private(set) var raw: String

  public init(stringLiteral value: String) {
    raw = value
  }

  public init(stringInterpolation: StringInterpolation) {
    raw = stringInterpolation.raw
  }

  public var description: String { raw }

  public struct StringInterpolation: StringInterpolationProtocol {
    var raw = ""

    public init(literalCapacity: Int, interpolationCount: Int) {
      raw.reserveCapacity(literalCapacity * 2)
    }

    public mutating func appendLiteral(_ literal: String) { raw += literal }
    public mutating func appendInterpolation(_ text: String) { raw += HTML.escape(text) }
    public mutating func appendInterpolation(_ number: Int) { raw += String(number) }
    public mutating func appendInterpolation(_ html: HTML) { raw += html.raw }
    public mutating func appendInterpolation(_ parts: [HTML]) { raw += parts.map(\.raw).joined() }
  }

  public static func + (lhs: HTML, rhs: HTML) -> HTML {
    var joined = lhs
    joined.raw += rhs.raw
    return joined
  }

  static func escape(_ text: String) -> String {
    SafeText.htmlEscaped(text)
  }
}
