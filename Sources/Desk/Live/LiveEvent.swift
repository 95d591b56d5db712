import Foundation

/// What an open desk page is told as it happens, as one Server-Sent Event.
enum LiveEvent: Sendable, Equatable {
  /// A conversation ended: the queue has something new.
  case ended(session: String)
  /// The urgent and emergency results nobody has opened yet, all of them each time.
  case alerts([Alert])
  /// Keeps the connection open through proxies; lets the page notice its login has ended.
  case heartbeat
  /// The login behind the page has ended; the page goes to the login form.
  case expired

  /// One result waiting to be opened.
  struct Alert: Sendable, Equatable {
    var session: String
    var label: String
    var kiosk: String
    var ended: Date
  }

  /// The event in the `text/event-stream` format; data is JSON, which the page reads as text, never markup.
  var wire: String {
    switch self {
    case .ended(let session):
      return "event: ended\ndata: \(Self.json(["session": session]))\n\n"
    case .alerts(let alerts):
      let items = alerts.map {
        Self.json([
          "session": $0.session, "label": $0.label, "kiosk": $0.kiosk,
          "ended": $0.ended.formatted(Date.ISO8601FormatStyle()),
        ])
      }
      return "event: alerts\ndata: [\(items.joined(separator: ","))]\n\n"
    case .heartbeat:
      return ": still here\n\n"
    case .expired:
      return "event: expired\ndata: {}\n\n"
    }
  }

  private static func json(_ fields: [String: String]) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: (try? encoder.encode(fields)) ?? Data("{}".utf8), as: UTF8.self)
  }
}
