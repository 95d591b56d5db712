import Foundation

/// A line the kiosk sends in JSON Lines mode (docs/PROTOCOL.md).
public enum ClientMessage: Sendable, Equatable {
  case hello(kiosk: String?, token: String?, language: String?)
  case resume(session: String, token: String)
  case text(String)
  case choices([String])
  case command(String)

  var line: String {
    let object: [String: Any] =
      switch self {
      case .hello(let kiosk, let token, let language):
        ["type": "hello"].merging(
          [("kiosk", kiosk), ("token", token), ("language", language)].compactMap { key, value in
            value.map { (key, $0) }
          },
          uniquingKeysWith: { a, _ in a })
      case .resume(let session, let token): ["type": "hello", "resume": session, "token": token]
      case .text(let text): ["type": "answer", "text": text]
      case .choices(let ids) where ids.count == 1: ["type": "answer", "choice": ids[0]]
      case .choices(let ids): ["type": "answer", "choices": ids]
      case .command(let command): ["type": "command", "command": command]
      }
    let data =
      (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
  }
}
