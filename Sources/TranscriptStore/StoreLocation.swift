import Foundation

/// Where transcripts are kept, as `--store` (or `CRSCHECK_STORE`) names it: a folder of files, the default
/// that needs nothing installed, or a PostgreSQL database that several servers share.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
  case files(root: String)
  case postgres(PostgresLocation)

  /// `DIR`, `file:DIR`, or `postgres://USER[:PASSWORD]@HOST[:PORT]/DB` (also `postgresql://`, and
  /// `?host=/socket/folder` for a Unix socket).
  public init(_ text: String) throws(StoreLocationError) {
    if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
      self = .postgres(try PostgresLocation(url: text))
    } else if text.hasPrefix("file:") {
      var root = String(text.dropFirst("file:".count))
      // file:///var/crscheck, as a URL would have it.
      if root.hasPrefix("//") { root.removeFirst(2) }
      guard !root.isEmpty else { throw StoreLocationError("file: needs a folder, as in file:Transcripts") }
      self = .files(root: root)
    } else if text.contains("://") {
      throw StoreLocationError(
        "\(text.prefix { $0 != ":" }): is not a store; give a folder, file:DIR or postgres://")
    } else {
      guard !text.isEmpty else { throw StoreLocationError("the store is empty; give a folder or a URL") }
      self = .files(root: text)
    }
  }

  /// Never the password.
  public var description: String {
    switch self {
    case .files(let root): "file:\(root)"
    case .postgres(let location): location.description
    }
  }
}

/// A PostgreSQL database, from a `postgres://` URL. The password, from the URL or found later in
/// `PGPASSWORD` or `~/.pgpass`, is never part of the description, so it cannot reach a log.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
  public var user: String
  public var password: String?
  /// The server's host name or address; nil with a Unix socket.
  public var host: String?
  public var port: Int
  public var database: String
  /// The folder of the server's Unix socket (`?host=/path`), as libpq takes it.
  public var socketFolder: String?

  public init(url text: String) throws(StoreLocationError) {
    guard let url = URLComponents(string: text) else {
      throw StoreLocationError("not a URL: \(Self.withoutPassword(text))")
    }
    let environment = ProcessInfo.processInfo.environment
    user =
      url.user.flatMap { $0.isEmpty ? nil : $0 } ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres"
    password = url.password
    port = url.port ?? 5432
    let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
    database = path.isEmpty ? user : path
    guard !database.contains("/") else {
      throw StoreLocationError("the database name is one word: \(Self.withoutPassword(text))")
    }
    let query = url.queryItems ?? []
    if let unknown = query.first(where: { !["host", "port", "user", "dbname"].contains($0.name) }) {
      throw StoreLocationError("\(unknown.name) is not an option crscheck reads in a postgres URL")
    }
    if let port = query.first(where: { $0.name == "port" })?.value {
      guard let number = Int(port), (1...65_535).contains(number) else {
        throw StoreLocationError("port \(port) is not a port")
      }
      self.port = number
    }
    if let name = query.first(where: { $0.name == "user" })?.value { user = name }
    if let name = query.first(where: { $0.name == "dbname" })?.value { database = name }
    let queryHost = query.first { $0.name == "host" }?.value
    if let queryHost, queryHost.hasPrefix("/") {
      socketFolder = queryHost
      host = nil
    } else {
      host = queryHost ?? url.host.flatMap { $0.isEmpty ? nil : $0 }
      socketFolder = nil
      guard host != nil else {
        throw StoreLocationError(
          "say where the database is: postgres://USER@HOST:PORT/DB, or ?host=/socket/folder for a Unix socket"
        )
      }
    }
  }

  /// The socket file libpq would use: `<folder>/.s.PGSQL.<port>`.
  public var socketPath: String? {
    socketFolder.map { $0 + "/.s.PGSQL.\(port)" }
  }

  public var description: String {
    if let socketFolder { return "postgres://\(user)@/\(database)?host=\(socketFolder)&port=\(port)" }
    return "postgres://\(user)@\(host ?? "")\(port == 5432 ? "" : ":\(port)")/\(database)"
  }

  /// The password as libpq finds it: in the URL, else `PGPASSWORD`, else the first matching line of
  /// `PGPASSFILE` or `~/.pgpass`, which is ignored, as libpq ignores it, unless only its owner can read it.
  public func passwordFound(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
    if let password { return password }
    if let password = environment["PGPASSWORD"] { return password }
    let file = environment["PGPASSFILE"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass")
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
      let permissions = attributes[.posixPermissions] as? Int, permissions & 0o077 == 0,
      let text = try? String(contentsOfFile: file, encoding: .utf8)
    else { return nil }
    // libpq matches a Unix socket connection as host "localhost".
    let wanted = [host ?? "localhost", String(port), database, user]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      let fields = Self.pgpassFields(line)
      guard fields.count == 5 else { continue }
      if zip(fields, wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
    }
    return nil
  }

  /// A `.pgpass` line's fields: colon-separated, with `\:` and `\\` escaped.
  static func pgpassFields(_ line: Substring) -> [String] {
    var fields = [""]
    var escaped = false
    for character in line {
      if escaped {
        fields[fields.count - 1].append(character)
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if character == ":" {
        fields.append("")
      } else {
        fields[fields.count - 1].append(character)
      }
    }
    return fields
  }

  /// The URL as given, with any password replaced, for error messages.
  static func withoutPassword(_ text: String) -> String {
    guard var url = URLComponents(string: text), url.password != nil else { return text }
    url.password = "…"
    return url.string ?? "(a postgres URL)"
  }
}

/// A `--store` that names no store crscheck can use, with what to give instead.
public struct StoreLocationError: Error, Sendable, Equatable, CustomStringConvertible {
  public var description: String

  public init(_ description: String) {
    self.description = description
  }
}
