import JSONText

/// A JSON value as the server writes it (JSONSerialization's dynamic casts took a fifth of the server's
/// time per turn); objects keep their keys sorted, as docs/PROTOCOL.md shows.
enum JSONValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
  case string(String)
  case integer(Int)
  case bool(Bool)
  case null
  case array([JSONValue])
  case object([String: JSONValue])

  init(stringLiteral value: String) { self = .string(value) }
  init(integerLiteral value: Int) { self = .integer(value) }
  init(booleanLiteral value: Bool) { self = .bool(value) }
  init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  init(dictionaryLiteral elements: (String, JSONValue)...) {
    self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
  }

  /// The value as one line of JSON text.
  var text: String {
    var json = JSONWriter(capacity: 1024)
    write(into: &json)
    return String(decoding: json.bytes, as: UTF8.self)
  }

  private func write(into json: inout JSONWriter) {
    switch self {
    case .string(let string): json.string(string)
    case .integer(let number): json.integer(number)
    case .bool(let flag): json.bool(flag)
    case .null: json.null()
    case .array(let elements):
      json.array { json in
        for element in elements { element.write(into: &json) }
      }
    case .object(let members):
      json.object { json in
        for key in members.keys.sorted() {
          json.key(key)
          members[key]!.write(into: &json)
        }
      }
    }
  }
}
