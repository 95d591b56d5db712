/// The queue: conversations to review, most urgent first, then oldest; filters; and rows that the page's
/// script redraws when the live feed says a conversation ended.
struct QueuePage {
  var layout: Layout
  var entries: [QueueEntry]
  var filter: QueueFilter
  /// Every disposition (id, label) and kiosk there is, for the filters' choices.
  var dispositions: [(id: String, label: String)]
  var kiosks: [String]

  func render() -> HTML {
    layout.page(
      "Queue",
      """
      <h1>Queue</h1>
      \(filters)
      <p id="queue-status" class="status" role="status" aria-live="polite"></p>
      <div class="scroll" role="region" tabindex="0" aria-label="Queue"><table id="queue" class="queue" data-query="\(filter.query)">
      <caption>\(caption)</caption>
      <thead><tr><th scope="col">Advice given</th><th scope="col">Started</th><th scope="col">Ended</th>\
      <th scope="col">Kiosk</th><th scope="col">Reported</th><th scope="col">Signed off</th></tr></thead>
      <tbody id="queue-rows">\(Self.rows(entries))</tbody>
      </table></div>
      """)
  }

  /// Rows drawn at most: past this a page is too long to work with; the filters narrow it.
  static let shown = 500

  private var caption: String {
    let count = entries.count == 1 ? "1 conversation" : "\(entries.count) conversations"
    let cut =
      entries.count > Self.shown ? " (the first \(Self.shown) are listed: filter to see the others)" : ""
    switch filter.signed {
    case .no: return "\(count) not signed off, most urgent first, then oldest\(cut)"
    case .yes: return "\(count) signed off, most urgent first, then oldest\(cut)"
    case .all: return "\(count), most urgent first, then oldest\(cut)"
    }
  }

  /// The table's rows alone: what the live refresh fetches.
  static func rows(_ entries: [QueueEntry]) -> HTML {
    guard !entries.isEmpty else {
      return "<tr><td colspan=\"6\">Nothing to show: no conversation matches.</td></tr>"
    }
    return HTML(
      stringLiteral: entries.prefix(shown).map { entry -> String in
        let advice = entry.outcomeShown
        let level = entry.level.map { "level-\($0)" } ?? "level-none"
        let reported = entry.redFlags.isEmpty ? "—" : entry.redFlags.joined(separator: ", ")
        let row: HTML = """
          <tr class="\(level)"><td><a href="/conversations/\(entry.session)"><span class="badge \(level)">\
          \(advice)</span></a></td><td>\(Layout.time(entry.started))</td><td>\(Layout.time(entry.ended))</td>\
          <td>\(entry.kiosk)</td><td>\(reported)</td>\
          <td>\(entry.isSigned ? "yes, \(Layout.time(entry.firstSignOff))" : "no")</td></tr>
          """
        return row.raw
      }.joined(separator: "\n"))
  }

  private var filters: HTML {
    let dispositionOptions =
      [Self.option("", "Any", selected: filter.disposition == nil)]
      + dispositions.map { Self.option($0.id, $0.label, selected: filter.disposition == $0.id) }
      + [Self.option("none", "No advice (incomplete)", selected: filter.disposition == "none")]
    let kioskOptions =
      [Self.option("", "Any", selected: filter.kiosk == nil)]
      + kiosks.map { Self.option($0, $0, selected: filter.kiosk == $0) }
    let signedOptions = [
      Self.option("no", "Not signed off", selected: filter.signed == .no),
      Self.option("yes", "Signed off", selected: filter.signed == .yes),
      Self.option("all", "Both", selected: filter.signed == .all),
    ]
    return """
      <form class="filters" method="get" action="/" aria-label="Filter the queue">
      <p><label for="disposition">Advice</label> <select id="disposition" name="disposition">\(dispositionOptions)</select></p>
      <p><label for="from">From</label> <input id="from" name="from" type="date" value="\(filter.from ?? "")"></p>
      <p><label for="to">To</label> <input id="to" name="to" type="date" value="\(filter.to ?? "")"></p>
      <p><label for="kiosk">Kiosk</label> <select id="kiosk" name="kiosk">\(kioskOptions)</select></p>
      <p><label for="signed">Sign-off</label> <select id="signed" name="signed">\(signedOptions)</select></p>
      <p><button type="submit">Filter</button> <a href="/">Clear</a></p>
      </form>
      """
  }

  private static func option(_ value: String, _ label: String, selected: Bool) -> HTML {
    "<option value=\"\(value)\"\(selected ? " selected" : "")>\(label)</option>"
  }
}
