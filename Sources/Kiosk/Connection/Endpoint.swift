import Foundation

/// One server a kiosk may talk to: `HOST:PORT`, or `[IPv6]:PORT`.
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
  public var host: String
  public var port: Int

  public init(host: String, port: Int) {
    self.host = host
    self.port = port
  }

  /// Parses `HOST:PORT[,HOST:PORT…]`, or names the first entry that is not one.
  public static func list(_ text: String) -> Result<[Endpoint], KioskError> {
    var endpoints: [Endpoint] = []
    for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
      guard let colon = entry.lastIndex(of: ":"), let port = Int(entry[entry.index(after: colon)...]),
        (1...65535).contains(port)
      else { return .failure(.badAddress(entry)) }
      var host = String(entry[..<colon])
      if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
      guard !host.isEmpty else { return .failure(.badAddress(entry)) }
      endpoints.append(Endpoint(host: host, port: port))
    }
    return endpoints.isEmpty ? .failure(.badAddress(text)) : .success(endpoints)
  }

  public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
