import Hummingbird

extension DeskRoutes {
  func stats(_ context: DeskContext) async throws -> Response {
    let name = context.staff.name
    try await records.run { try $0.audit("stats", by: name) }
    let all = try await entries()
    return Pages.response(StatsPage(layout: await layout(context, current: "/stats"), entries: all).render())
  }
}
