import Foundation
import Hummingbird

extension DeskRoutes {
  private struct LoginForm: Decodable {
    var token: String
    var name: String
    var password: String
    var next: String?
  }

  /// The login form; the session it starts carries the form's token, so a login cannot be forged either.
  func loginForm(_ request: Request, _ context: DeskContext) -> Response {
    var query = Self.query(request)
    if let current = context.sessions.session, current.account != nil {
      guard StaffOnly.isCurrent(current, at: Date(), idle: configuration.idle) else {
        query["expired"] = "1"
        context.sessions.clearSession()
        return form(query: query, context)
      }
      return .seeOther("/")
    }
    return form(query: query, context)
  }

  private func form(query: [String: String], _ context: DeskContext) -> Response {
    let session = context.sessions.session ?? DeskSession()
    if context.sessions.session == nil {
      context.sessions.createSession(session, expiresIn: StaffOnly.kept(configuration.idle))
    }
    let minutes = max(1, Int(configuration.idle.components.seconds / 60))
    let message =
      query["expired"] != nil
      ? "Your login ended after \(minutes == 1 ? "a minute" : "\(minutes) minutes") without activity. "
        + "Please log in again." : nil
    return Pages.response(
      LoginPage(token: session.token, message: message, next: StaffOnly.destination(query["next"])).render())
  }

  func logIn(_ request: Request, _ context: DeskContext) async throws -> Response {
    var request = request
    _ = try await request.collectBody(upTo: 16 * 1024)
    guard let form = try? await request.decode(as: LoginForm.self, context: context),
      let session = context.sessions.session, StaffOnly.sameOrigin(request),
      StaffOnly.equal(form.token, session.token)
    else {
      let fresh = DeskSession()
      context.sessions.createSession(fresh, expiresIn: StaffOnly.kept(configuration.idle))
      return Pages.response(
        LoginPage(token: fresh.token, message: "The form had expired. Please try again.").render(),
        status: .forbidden)
    }
    let name = form.name.trimmingCharacters(in: .whitespaces)
    let shownName = AccountBook.isValidName(name) ? name : "(not an account name)"
    guard await throttle.admit(context.peer) else {
      try await records.run { try $0.audit("login-throttled", by: shownName, detail: "from \(context.peer)") }
      return Pages.response(
        LoginPage(
          token: session.token,
          message: "Too many login attempts from this computer. Please wait a minute and try again.",
          next: StaffOnly.destination(form.next)
        ).render(), status: .tooManyRequests)
    }
    let result = try await records.run { records in
      let result = try records.accounts.logIn(name, password: form.password)
      let action =
        switch result {
        case .admitted: "login"
        case .refused: "login-failed"
        case .locked: "login-locked"
        case .disabled: "login-disabled"
        }
      try records.audit(action, by: shownName, detail: "from \(context.peer)")
      return result
    }
    guard case .admitted(let account) = result else {
      // One answer for a wrong password, an unknown name, a locked or a disabled account, so that trying
      // names tells nothing; the audit log and the accounts page say which.
      return Pages.response(
        LoginPage(
          token: session.token,
          message: "That name and password do not match an active account. After "
            + "\(AccountBook.failuresBeforeLock) wrong passwords an account is locked for "
            + "\(Int(AccountBook.lockout / 60)) minutes; an administrator can unlock it.",
          next: StaffOnly.destination(form.next)
        ).render())
    }
    context.sessions.createSession(
      DeskSession(account: account.name, role: account.role), expiresIn: StaffOnly.kept(configuration.idle))
    return .seeOther(StaffOnly.destination(form.next) ?? "/")
  }

  func logOut(_ context: DeskContext) async throws -> Response {
    let name = context.staff.name
    try await records.run { try $0.audit("logout", by: name) }
    context.sessions.clearSession()
    return .seeOther("/login")
  }
}
