import Hummingbird

/// The gate in front of the admin pages, on their route group, behind `StaffOnly`: it holds for a route
/// however its path is spelled.
struct AdminOnly: RouterMiddleware {
  typealias Context = DeskContext
  let records: DeskRecords

  func handle(_ request: Request, context: DeskContext, next: (Request, DeskContext) async throws -> Response)
    async throws -> Response
  {
    guard context.sessions.session?.role == .admin else {
      let name = context.staff.name
      try? await records.run { try $0.audit("refused", by: name, detail: "an admin page") }
      return Pages.refused(context, "This page is for the desk's administrators.")
    }
    return try await next(request, context)
  }
}
