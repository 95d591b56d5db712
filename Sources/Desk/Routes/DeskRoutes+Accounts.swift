import Hummingbird

extension DeskRoutes {
  private struct AccountForm: Decodable {
    var name: String
    var role: String
    var password: String
  }

  /// What a change just done says, when the page is shown after it (the post redirects here, so that a
  /// reload does not post again): only for an account that exists.
  static func done(_ query: [String: String], among accounts: [Account]) -> String? {
    guard let name = query["name"], accounts.contains(where: { $0.name == name }) else { return nil }
    switch query["done"] {
    case "added": return "Added \(name)."
    case "disabled": return "Disabled \(name)."
    case "enabled": return "Enabled \(name)."
    default: return nil
    }
  }

  func accountsPage(_ request: Request, _ context: DeskContext) async throws -> Response {
    let query = Self.query(request)
    return try await accounts(context, status: .ok) { Self.done(query, among: $0) }
  }

  /// The accounts page, with what `message` says of these accounts: what was just done, or why a change
  /// could not be made.
  func accounts(
    _ context: DeskContext, status: HTTPResponse.Status,
    message: @Sendable ([Account]) -> String?
  ) async throws -> Response {
    let accounts = try await records.run { Array($0.accounts.accounts().values) }
    return Pages.response(
      AccountsPage(
        layout: await layout(context, current: "/admin/accounts"), accounts: accounts,
        message: message(accounts)
      ).render(), status: status)
  }

  func addAccount(_ request: Request, _ context: DeskContext) async throws -> Response {
    let form = try await request.decode(as: AccountForm.self, context: context)
    guard let role = Account.Role(rawValue: form.role) else {
      return try await accounts(context, status: .badRequest) { _ in "Choose a role." }
    }
    let admin = context.staff.name
    let problem = try await records.run { records -> AccountError? in
      do {
        try records.accounts.add(form.name, role: role, password: form.password, by: admin)
        try records.audit("account-add", by: admin, detail: "\(form.name) (\(role.rawValue))")
        return nil
      } catch let error as AccountError {
        return error
      }
    }
    if let problem {
      return try await accounts(context, status: .badRequest) { _ in "Not added: \(problem)." }
    }
    return .seeOther("/admin/accounts?done=added&name=\(form.name)")
  }

  func changeAccount(_ context: DeskContext) async throws -> Response {
    let name = context.parameters.get("name") ?? ""
    let change = context.parameters.get("change") ?? ""
    guard change == "disable" || change == "enable" else { return await notFound(context, "No such change.") }
    let admin = context.staff.name
    let problem = try await records.run { records -> AccountError? in
      do {
        try records.accounts.set(name, enabled: change == "enable", by: admin)
        try records.audit("account-\(change)", by: admin, detail: name)
        return nil
      } catch let error as AccountError {
        return error
      }
    }
    if let problem {
      return try await accounts(context, status: .badRequest) { _ in "Not changed: \(problem)." }
    }
    return .seeOther("/admin/accounts?done=\(change)d&name=\(name)")
  }

  func audit(_ context: DeskContext) async throws -> Response {
    let name = context.staff.name
    let entries = try await records.run { records in
      try records.audit("audit-log", by: name)
      return records.desk.audit.entries()
    }
    return Pages.response(
      AuditPage(layout: await layout(context, current: "/admin/audit"), entries: entries).render())
  }
}
