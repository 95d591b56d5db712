/// For admins: who did what, newest first.
struct AuditPage {
  var layout: Layout
  var entries: [[String: String]]
  static let shown = 500

  func render() -> HTML {
    let rows = entries.reversed().prefix(Self.shown).map { entry -> HTML in
      """
      <tr><td>\(entry["at"] ?? "")</td><td>\(entry["by"] ?? "")</td><td>\(entry["action"] ?? "")</td>\
      <td>\(entry["session"].map { "<a href=\"/conversations/\($0)\">\($0)</a>" as HTML } ?? "")</td>\
      <td>\(entry["detail"] ?? "")</td></tr>
      """
    }
    return layout.page(
      "Audit log",
      """
      <h1>Audit log</h1>
      <div class="scroll" role="region" tabindex="0" aria-label="Audit log"><table class="audit"><caption>The last \(min(entries.count, Self.shown)) of \(entries.count) entries, \
      newest first</caption>
      <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Did</th>\
      <th scope="col">Conversation</th><th scope="col">Detail</th></tr></thead>
      <tbody>\(Array(rows))</tbody></table></div>
      """)
  }
}
