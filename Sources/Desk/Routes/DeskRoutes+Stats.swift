import Hummingbird

extension DeskRoutes {
  func stats(_ context: DeskContext) async throws -> Response {
    let entries = try await records.run { try $0.entries() }
    return Pages.response(
      StatsPage(layout: await layout(context, current: "/stats"), entries: entries).render())
  }
}
