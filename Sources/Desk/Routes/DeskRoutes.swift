import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import TranscriptStore

/// The desk's pages and what each does: one method per route, in the files beside this one, over the
/// store (`DeskRecords`) and the live feed.
struct DeskRoutes: Sendable {
  let records: DeskRecords
  let feed: LiveFeed
  let configuration: DeskConfiguration
  /// Logins, kept in the desk's memory: a restart logs everyone out, which is the safe way round.
  let sessionStorage: SessionStorage<DeskSession>
  let throttle = LoginThrottle()

  init(records: DeskRecords, feed: LiveFeed, configuration: DeskConfiguration, sessions: any PersistDriver) {
    self.records = records
    self.feed = feed
    self.configuration = configuration
    // HttpOnly (the cookie's default), SameSite=Strict, and Secure with the __Host- prefix under TLS.
    sessionStorage = SessionStorage(
      sessions,
      configuration: .init(
        sessionCookieParameters: .init(
          name: configuration.tls == nil ? "desk_session" : "__Host-desk_session", path: "/",
          secure: configuration.tls != nil, sameSite: .strict),
        keyPrefix: "desk."))
  }

  /// Every route, behind the security headers; all but the login form and the assets behind `StaffOnly`.
  func register(on router: Router<DeskContext>) {
    router.add(middleware: SecurityHeaders(tls: configuration.tls != nil))
    router.add(middleware: StoreErrors())
    router.add(
      middleware: SessionMiddleware(
        sessionStorage: sessionStorage, defaultSessionExpiration: StaffOnly.kept(configuration.idle)))
    router.get("/assets/desk.css") { _, _ in
      Self.asset(DeskAssets.stylesheet, type: "text/css; charset=utf-8")
    }
    router.get("/assets/desk.js") { _, _ in
      Self.asset(DeskAssets.script, type: "text/javascript; charset=utf-8")
    }
    router.get("/login") { request, context in self.loginForm(request, context) }
    router.post("/login") { request, context in try await self.logIn(request, context) }

    let staff = router.group().add(
      middleware: StaffOnly(
        idle: configuration.idle, accounts: AccountStatus(records: records), records: records))
    staff.post("/logout") { _, context in try await self.logOut(context) }
    staff.get("/") { request, context in try await self.queue(request, context) }
    staff.get("/queue/rows") { request, context in try await self.queueRows(request, context) }
    staff.get("/events") { request, context in await self.events(request, context) }
    staff.get("/conversations/:session") { _, context in try await self.conversation(context) }
    staff.post("/conversations/:session/sign") { request, context in try await self.sign(request, context) }
    staff.get("/conversations/:session/fhir.json") { _, context in try await self.export(.fhir, context) }
    staff.get("/conversations/:session/print.html") { _, context in try await self.export(.html, context) }
    staff.get("/conversations/:session/transcript.txt") { _, context in try await self.export(.text, context)
    }
    staff.get("/stats") { _, context in try await self.stats(context) }
    let admin = staff.group("admin").add(middleware: AdminOnly(records: records))
    admin.get("accounts") { request, context in try await self.accountsPage(request, context) }
    admin.post("accounts") { request, context in try await self.addAccount(request, context) }
    admin.post("accounts/:name/:change") { _, context in try await self.changeAccount(context) }
    admin.get("audit") { _, context in try await self.audit(context) }
  }

  /// The frame of a page for the logged-in member of staff, with the alerts standing now.
  func layout(_ context: DeskContext, current: String = "") async -> Layout {
    let session = context.sessions.session
    return Layout(
      staff: session.flatMap { session in
        session.account.map { ($0, session.role ?? .clinician, session.token) }
      },
      alerts: await feed.standingAlerts(), current: current)
  }

  static func asset(_ text: String, type: String) -> Response {
    Response(
      status: .ok, headers: [.contentType: type, .cacheControl: "max-age=3600"],
      body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  /// Every conversation the live feed knows, with its sign-offs as they are now.
  func entries() async throws -> [QueueEntry] {
    let signOffs = try await records.run { $0.signOffs() }
    return try await feed.entries().map { entry in
      var entry = entry
      entry.signOffs = signOffs[entry.session] ?? []
      return entry
    }
  }

  /// The route's session, if it is an id as the store names them (`SessionID`): anything else is not looked
  /// up at all.
  static func session(_ context: DeskContext) -> String? {
    context.parameters.get("session").flatMap(SessionID.init)?.text
  }

  func notFound(_ context: DeskContext, _ what: String) async -> Response {
    Pages.response(
      MessagePage(layout: await layout(context), title: "Not found", message: what).render(),
      status: .notFound)
  }

  /// The request's query as plain strings.
  static func query(_ request: Request) -> [String: String] {
    var query: [String: String] = [:]
    for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
    return query
  }
}
