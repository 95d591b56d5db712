import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A PostgreSQL server of a test's own: Debian's PostgreSQL, initialised in a temporary folder and
/// listening only on a Unix socket there, with an owner role that runs the migrations and an application
/// role that may only read and add. Stopped and removed by `remove()`. initdb refuses to run as root, so
/// it and pg_ctl run as the `postgres` user when the tests are root (scripts/dependencies --tests installs it).
final class ThrowawayPostgres {
  let folder: String
  private let bin: String
  private let asPostgres: [String]

  /// The application's store, as `serve` takes it.
  var url: String { "postgres://crscheck_app@/crscheck?host=\(folder)" }
  /// The owner's, for `store migrate`.
  var ownerURL: String { "postgres://crscheck_owner@/crscheck?host=\(folder)" }

  init() throws {
    let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
    guard let version = versions.sorted(by: { Int($0) ?? 0 < Int($1) ?? 0 }).last else {
      throw Missing(what: "PostgreSQL (/usr/lib/postgresql/*/bin); scripts/dependencies --tests installs it")
    }
    bin = "/usr/lib/postgresql/\(version)/bin"
    folder = "/tmp/crscheck-pg-\(UUID().uuidString.prefix(8))"
    asPostgres = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    if getuid() == 0 { try run(["/bin/chown", "postgres", folder]) }
    try run(
      asPostgres + ["\(bin)/initdb", "-D", "\(folder)/data", "-A", "trust", "-U", "postgres", "-E", "UTF8"])
    try start()
    try psql("CREATE ROLE crscheck_owner LOGIN")
    try psql("CREATE ROLE crscheck_app LOGIN")
    try psql("CREATE DATABASE crscheck OWNER crscheck_owner")
  }

  /// Starts the server (again); fsync off, as no test here is about the database's own durability.
  func start() throws {
    try run(
      asPostgres + [
        "\(bin)/pg_ctl", "-D", "\(folder)/data", "-w", "-l", "\(folder)/log", "-o",
        "-c listen_addresses='' -c unix_socket_directories=\(folder) -c fsync=off", "start",
      ])
  }

  /// Stops it at once, as a crash or a failover would look to its clients.
  func stop() throws {
    try run(asPostgres + ["\(bin)/pg_ctl", "-D", "\(folder)/data", "-w", "-m", "immediate", "stop"])
  }

  func remove() {
    try? stop()
    try? FileManager.default.removeItem(atPath: folder)
  }

  /// Runs SQL as the superuser (or `user`) in `database`; returns the rows, unaligned.
  @discardableResult
  func psql(_ sql: String, database: String = "postgres", user: String = "postgres") throws -> String {
    try run([
      "\(bin)/psql", "-h", folder, "-U", user, "-d", database, "-Atq", "-v", "ON_ERROR_STOP=1", "-c", sql,
    ])
  }

  /// The schema made by crscheck itself, with the application role's grants.
  func migrate() throws {
    let result = try Binary.run(["store", "migrate", "--store", ownerURL, "--app-role", "crscheck_app"])
    guard result.status == 0 else { throw Failed(command: "crscheck store migrate", output: result.error) }
  }

  struct Missing: Error, CustomStringConvertible {
    var what: String
    var description: String { "not installed: \(what)" }
  }

  struct Failed: Error, CustomStringConvertible {
    var command: String
    var output: String
    var description: String { "\(command) failed: \(output)" }
  }

  /// Runs a program and returns its output, through files. Not with Foundation's Process: it learns that
  /// its child ended from a descriptor the child inherits, and the server pg_ctl leaves running keeps it,
  /// so `waitUntilExit` would wait for the server, not for pg_ctl.
  @discardableResult
  private func run(_ arguments: [String]) throws -> String {
    let scratch = FileManager.default.temporaryDirectory.appending(path: "pg-run-\(UUID())").path
    try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, scratch + "/out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, scratch + "/err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    // Nothing else of this process goes to PostgreSQL, which lives on as a daemon: an in-process test
    // server's listening socket it inherited kept that port accepting after the server stopped (the
    // shutdown test's connection was taken, then reset when PostgreSQL exited).
    // (glibc 2.34's posix_spawn_file_actions_addclosefrom_np, which Swift's Glibc module does not show.)
    if let closeFrom = dlsym(
      UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
    {
      typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
      _ = unsafeBitCast(closeFrom, to: CloseFrom.self)(&actions, 3)
    }
    var pid: pid_t = 0
    let argv = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
    guard spawned == 0 else {
      throw Failed(command: arguments[0], output: String(cString: strerror(spawned)))
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let output = (try? String(contentsOfFile: scratch + "/out", encoding: .utf8)) ?? ""
    guard status == 0 else {
      throw Failed(
        command: arguments.prefix(6).joined(separator: " "),
        output: (try? String(contentsOfFile: scratch + "/err", encoding: .utf8)) ?? "")
    }
    return output.trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
