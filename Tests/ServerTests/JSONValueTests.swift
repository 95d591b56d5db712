import Foundation
import Testing

@testable import Server

@Suite("JSONValue: the server's JSON lines")
struct JSONValueTests {
  @Test("objects are written with their keys sorted, nested values included")
  func sortedKeys() {
    let value: JSONValue = [
      "type": "ask", "choices": [["label": "me", "id": "self"]], "count": 2, "ok": true,
    ]
    #expect(value.text == #"{"choices":[{"id":"self","label":"me"}],"count":2,"ok":true,"type":"ask"}"#)
    #expect(JSONValue.object(["severity": .null]).text == #"{"severity":null}"#)
  }

  @Test("strings escape quotes, backslashes and control characters, and keep other text as it is")
  func escaping() throws {
    let text = "say \"hi\" \\ now\n\t\u{1}ok — 39.5 °C / done"
    let line = JSONValue.object(["text": .string(text)]).text
    #expect(line == #"{"text":"say \"hi\" \\ now\n\t\u0001ok — 39.5 °C / done"}"#)
    let decoded = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
    #expect(decoded?["text"] == text)
  }
}
