import Foundation
import Hummingbird

/// The gate in front of every page but the login form: a logged-in, recently active member of staff whose
/// account is still enabled (its role as the account has it now); on every post the form token of their
/// session (CSRF) and, when the browser names it, our own origin. Refusals are audited.
struct StaffOnly: RouterMiddleware {
  typealias Context = DeskContext
  let idle: Duration
  let accounts: AccountStatus
  let records: DeskRecords
  /// Requests the page makes by itself, which do not count as activity: the live feed, and the queue's
  /// rows redrawn when a conversation ends, go on while nobody is at the desk.
  static let passive: Set<String> = ["/events", "/queue/rows"]

  func handle(_ request: Request, context: DeskContext, next: (Request, DeskContext) async throws -> Response)
    async throws -> Response
  {
    guard var session = context.sessions.session, let name = session.account else {
      return Self.toLogin(from: request)
    }
    let now = Date()
    guard Self.isCurrent(session, at: now, idle: idle) else {
      context.sessions.clearSession()
      return .seeOther("/login?expired=1")
    }
    guard let account = await accounts.active(name) else {
      context.sessions.clearSession()
      return .seeOther("/login")
    }
    session.role = account.role
    var request = request
    if request.method == .post {
      guard Self.sameOrigin(request) else {
        try? await records.run { try $0.audit("refused", by: name, detail: "a form from another site") }
        return Pages.refused(context, "The form came from another site.")
      }
      let body = try await request.collectBody(upTo: 64 * 1024)
      let form = try? URLEncodedFormDecoder().decode(TokenForm.self, from: String(buffer: body))
      guard let token = form?.token, Self.equal(token, session.token) else {
        try? await records.run { try $0.audit("refused", by: name, detail: "a form without its token") }
        return Pages.refused(context, "The form had no valid token: reload the page and try again.")
      }
    }
    if !Self.passive.contains(request.uri.path) { session.lastSeen = now }
    _ = context.sessions.updateSession(session, expiresIn: Self.kept(idle))
    return try await next(request, context)
  }

  /// How long a session is kept (and its cookie too): past the idle limit, so that a page after it can
  /// say the login ended rather than show a bare login form; `isCurrent` enforces the limit itself.
  static func kept(_ idle: Duration) -> Duration { idle + .seconds(600) }

  static func isCurrent(_ session: DeskSession, at date: Date, idle: Duration) -> Bool {
    date.timeIntervalSince(session.lastSeen) <= TimeInterval(idle.components.seconds)
  }

  private struct TokenForm: Decodable {
    var token: String
  }

  private static func toLogin(from request: Request) -> Response {
    guard request.method == .get, let next = destination(request.uri.path), next != "/" else {
      return .seeOther("/login")
    }
    return .seeOther("/login?next=\(next)")
  }

  /// Where a login may lead: one of the desk's own pages, spelled plainly (letters, digits, `/ - _ .`), never
  /// another site (`//host`, `/\host`) nor what a page fetches by itself.
  static func destination(_ path: String?) -> String? {
    guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), path.count <= 200, !passive.contains(path),
      path.unicodeScalars.allSatisfy({
        ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
          || "/-_.".unicodeScalars
            .contains($0)
      })
    else { return nil }
    return path
  }

  /// A post whose Origin (or Referer) names another site is refused, whatever it carries.
  static func sameOrigin(_ request: Request) -> Bool {
    guard let host = request.head.authority else { return true }
    if let origin = request.headers[.origin] {
      return origin.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init)
        == host
    }
    return true
  }

  /// Compares tokens in time that does not depend on where they differ.
  static func equal(_ lhs: String, _ rhs: String) -> Bool {
    let (a, b) = (Array(lhs.utf8), Array(rhs.utf8))
    guard a.count == b.count else { return false }
    return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
  }
}

extension Response {
  /// After a form is handled, or to the login form: the browser then GETs the page.
  static func seeOther(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location])
  }
}
