import Hummingbird

extension DeskRoutes {
  func queue(_ request: Request, _ context: DeskContext) async throws -> Response {
    let filter = QueueFilter(query: Self.query(request))
    let name = context.staff.name
    try await records.run { try $0.audit("queue", by: name) }
    let all = try await entries()
    var dispositions: [String: (label: String, level: Int)] = [:]
    for entry in all {
      if let disposition = entry.disposition, let label = entry.label, let level = entry.level {
        dispositions[disposition] = (label, level)
      }
    }
    let page = QueuePage(
      layout: await layout(context, current: "/"),
      entries: QueueFilter.ordered(all.filter(filter.admits)), filter: filter,
      dispositions: dispositions.sorted { $0.value.level > $1.value.level }.map { ($0.key, $0.value.label) },
      kiosks: Set(all.map(\.kiosk)).sorted())
    return Pages.response(page.render())
  }

  /// The rows alone, for the page's live refresh.
  func queueRows(_ request: Request, _ context: DeskContext) async throws -> Response {
    let filter = QueueFilter(query: Self.query(request))
    let all = try await entries()
    return Pages.response(QueuePage.rows(QueueFilter.ordered(all.filter(filter.admits))))
  }
}
