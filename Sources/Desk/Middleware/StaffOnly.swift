import Foundation
import Hummingbird

/// The gate in front of every page but the login form: a logged-in, recently active member of staff;
/// on every post the form token of their session (CSRF) and, when the browser names it, our own origin;
/// and the admin pages for admins only.
struct StaffOnly: RouterMiddleware {
  typealias Context = DeskContext
  let idle: Duration
  /// Requests the page makes by itself, which do not count as activity: the live feed, and the queue's
  /// rows redrawn when a conversation ends, go on while nobody is at the desk.
  static let passive: Set<String> = ["/events", "/queue/rows"]

  func handle(_ request: Request, context: DeskContext, next: (Request, DeskContext) async throws -> Response)
    async throws -> Response
  {
    guard var session = context.sessions.session, session.account != nil else {
      return Self.toLogin(from: request)
    }
    let now = Date()
    guard Self.isCurrent(session, at: now, idle: idle) else {
      context.sessions.clearSession()
      return .seeOther("/login?expired=1")
    }
    var request = request
    if request.method == .post {
      guard Self.sameOrigin(request) else {
        return Pages.refused(context, "The form came from another site.")
      }
      let body = try await request.collectBody(upTo: 64 * 1024)
      let form = try? URLEncodedFormDecoder().decode(TokenForm.self, from: String(buffer: body))
      guard let token = form?.token, Self.equal(token, session.token) else {
        return Pages.refused(context, "The form had no valid token: reload the page and try again.")
      }
    }
    if request.uri.path.hasPrefix("/admin"), session.role != .admin {
      return Pages.refused(context, "This page is for the desk's administrators.")
    }
    if !Self.passive.contains(request.uri.path) {
      session.lastSeen = now
      _ = context.sessions.updateSession(session, expiresIn: Self.kept(idle))
    }
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
    guard request.method == .get, request.uri.path != "/" else { return .seeOther("/login") }
    let next = request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    return .seeOther("/login?next=\(next)")
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
