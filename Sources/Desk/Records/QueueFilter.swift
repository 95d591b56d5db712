import Foundation

/// What the queue shows: by disposition, day range, kiosk, and whether signed off. Read from the page's
/// query string; anything unreadable is ignored rather than refused, as a filter is only a view.
public struct QueueFilter: Sendable, Equatable {
  public enum Signed: String, Sendable, CaseIterable {
    case no
    case yes
    case all
  }

  /// A disposition id, or `none` for conversations that ended without advice.
  public var disposition: String?
  public var from: String?
  public var to: String?
  public var kiosk: String?
  public var signed: Signed = .no

  public init() {}

  public init(query: [String: String]) {
    disposition = query["disposition"].flatMap { $0.isEmpty ? nil : $0 }
    from = query["from"].flatMap(Self.day)
    to = query["to"].flatMap(Self.day)
    kiosk = query["kiosk"].flatMap { $0.isEmpty ? nil : $0 }
    signed = query["signed"].flatMap(Signed.init) ?? .no
  }

  /// The filter as a query string, for links and for the page's live refresh.
  public var query: String {
    var parts: [(String, String)] = []
    if let disposition { parts.append(("disposition", disposition)) }
    if let from { parts.append(("from", from)) }
    if let to { parts.append(("to", to)) }
    if let kiosk { parts.append(("kiosk", kiosk)) }
    if signed != .no { parts.append(("signed", signed.rawValue)) }
    return parts.map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
      .joined(separator: "&")
  }

  public func admits(_ entry: QueueEntry) -> Bool {
    if let disposition, disposition != entry.kind { return false }
    if let kiosk, kiosk != entry.kiosk { return false }
    switch signed {
    case .no where entry.isSigned, .yes where !entry.isSigned: return false
    default: break
    }
    let day = entry.started.map(Self.dayString) ?? ""
    if let from, day < from { return false }
    if let to, day > to { return false }
    return true
  }

  /// Most urgent first, then oldest first: the order a clinician should work in.
  public static func ordered(_ entries: [QueueEntry]) -> [QueueEntry] {
    entries.sorted { lhs, rhs in
      let (l, r) = (lhs.level ?? Int.min, rhs.level ?? Int.min)
      if l != r { return l > r }
      return (lhs.started ?? .distantPast, lhs.session) < (rhs.started ?? .distantPast, rhs.session)
    }
  }

  /// A day as the filters and charts name it (UTC, as transcripts are stored).
  public static func dayString(_ date: Date) -> String {
    date.formatted(Date.ISO8601FormatStyle().year().month().day())
  }

  private static func day(_ text: String) -> String? {
    text.count == 10 && (try? Date(text + "T00:00:00Z", strategy: .iso8601)) != nil ? text : nil
  }
}
