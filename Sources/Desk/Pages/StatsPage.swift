import Foundation

/// Statistics as pictures with their numbers beneath: conversations per day by advice, how long results
/// wait for a sign-off, and the advice given at each kiosk.
struct StatsPage {
  var layout: Layout
  var entries: [QueueEntry]
  var now = Date()

  /// The dispositions that occur, most urgent first, and one series for conversations without advice.
  private var kinds: [(id: String, label: String, color: String)] {
    var seen: [String: (label: String, level: Int)] = [:]
    for entry in entries {
      if let disposition = entry.disposition, let label = entry.label, let level = entry.level {
        seen[disposition] = (label, level)
      }
    }
    let ordered = seen.sorted { $0.value.level > $1.value.level }
    return ordered.map { ($0.key, $0.value.label, Self.color(level: $0.value.level)) }
      + [("none", "No advice (incomplete)", Self.color(level: nil))]
  }

  static func color(level: Int?) -> String {
    switch level {
    case 4?: "#a4161a"
    case 3?: "#b85000"
    case 2?: "#1f5fa8"
    case 1?: "#2e7d32"
    default: "#666666"
    }
  }

  func render() -> HTML {
    layout.page(
      "Statistics",
      """
      <h1>Statistics</h1>
      <p>\(entries.count) conversations in the store.</p>
      \(perDay)
      \(signOffDelay)
      \(perKiosk)
      """)
  }

  private func kind(of entry: QueueEntry) -> String { entry.kind }

  private var perDay: HTML {
    let kinds = self.kinds
    var days: [String: [String: Int]] = [:]
    for entry in entries {
      guard let started = entry.started else { continue }
      days[QueueFilter.dayString(started), default: [:]][kind(of: entry), default: 0] += 1
    }
    let shown = days.keys.sorted().suffix(30)
    let chart = BarChart(
      id: "per-day", title: "Conversations per day, by advice (the last 30 days with any)",
      series: kinds.map { .init(name: $0.label, color: $0.color) },
      bars: shown.map { day in .init(label: day, values: kinds.map { Double(days[day]?[$0.id] ?? 0) }) })
    let head = kinds.map { "<th scope=\"col\">\($0.label)</th>" as HTML }
    let rows = shown.map { day -> HTML in
      let counts = kinds.map { days[day]?[$0.id] ?? 0 }
      let cells = counts.map { "<td>\($0)</td>" as HTML }
      return "<tr><th scope=\"row\">\(day)</th>\(cells)<td>\(counts.reduce(0, +))</td></tr>"
    }
    return """
      <section aria-labelledby="per-day-heading">
      <h2 id="per-day-heading">Conversations per day, by advice</h2>
      \(chart.render())
      <div class="scroll" role="region" tabindex="0" aria-label="Conversations per day"><table class="numbers"><caption>Conversations per day, by advice</caption>
      <thead><tr><th scope="col">Day (UTC)</th>\(head)<th scope="col">Total</th></tr></thead>
      <tbody>\(rows)</tbody></table></div>
      </section>
      """
  }

  private static let delays: [(label: String, below: TimeInterval)] = [
    ("Under 1 hour", 3600), ("1 to 4 hours", 4 * 3600), ("4 to 24 hours", 24 * 3600),
    ("1 to 3 days", 3 * 86400), ("Over 3 days", .infinity),
  ]

  private var signOffDelay: HTML {
    var counts = Array(repeating: 0, count: Self.delays.count)
    var waiting = 0
    var delays: [TimeInterval] = []
    for entry in entries {
      guard let ended = entry.ended else { continue }
      guard let signed = entry.firstSignOff else {
        waiting += 1
        continue
      }
      let delay = max(0, signed.timeIntervalSince(ended))
      delays.append(delay)
      counts[Self.delays.firstIndex { delay < $0.below } ?? Self.delays.count - 1] += 1
    }
    let median = delays.sorted().dropFirst(max(0, (delays.count - 1) / 2)).first
    let chart = BarChart(
      id: "signoff-delay", title: "Time from a conversation's end to its sign-off",
      series: [.init(name: "Signed off conversations", color: "#1f5fa8")],
      bars: zip(Self.delays, counts).map { .init(label: $0.label, values: [Double($1)]) }, horizontal: true)
    let rows = zip(Self.delays, counts).map {
      "<tr><th scope=\"row\">\($0.label)</th><td>\($1)</td></tr>" as HTML
    }
    return """
      <section aria-labelledby="delay-heading">
      <h2 id="delay-heading">Time from a conversation's end to its sign-off</h2>
      <p>\(median.map { "Median: \(Self.duration($0))." } ?? "Nothing signed off yet.") \
      \(waiting) ended conversations are not signed off yet.</p>
      \(chart.render())
      <div class="scroll" role="region" tabindex="0" aria-label="Time to sign-off"><table class="numbers"><caption>Signed off conversations by time to sign-off</caption>
      <thead><tr><th scope="col">Time to sign-off</th><th scope="col">Conversations</th></tr></thead>
      <tbody>\(rows)<tr><th scope="row">Not yet signed off</th><td>\(waiting)</td></tr></tbody></table></div>
      </section>
      """
  }

  private var perKiosk: HTML {
    let kinds = self.kinds
    var kiosks: [String: [String: Int]] = [:]
    for entry in entries { kiosks[entry.kiosk, default: [:]][kind(of: entry), default: 0] += 1 }
    let names = kiosks.keys.sorted()
    let chart = BarChart(
      id: "per-kiosk", title: "Share of each advice, by kiosk",
      series: kinds.map { .init(name: $0.label, color: $0.color) },
      bars: names.map { name in .init(label: name, values: kinds.map { Double(kiosks[name]?[$0.id] ?? 0) }) },
      asShares: true, horizontal: true)
    let head = kinds.map { "<th scope=\"col\">\($0.label)</th>" as HTML }
    let rows = names.map { name -> HTML in
      let counts = kinds.map { kiosks[name]?[$0.id] ?? 0 }
      let total = max(1, counts.reduce(0, +))
      let cells = counts.map {
        "<td>\($0) (\(Int((Double($0) * 100 / Double(total)).rounded()))%)</td>" as HTML
      }
      return "<tr><th scope=\"row\">\(name)</th>\(cells)<td>\(counts.reduce(0, +))</td></tr>"
    }
    return """
      <section aria-labelledby="kiosk-heading">
      <h2 id="kiosk-heading">Advice by kiosk</h2>
      \(chart.render())
      <div class="scroll" role="region" tabindex="0" aria-label="Advice by kiosk"><table class="numbers"><caption>Advice given at each kiosk (share of the kiosk's conversations)</caption>
      <thead><tr><th scope="col">Kiosk</th>\(head)<th scope="col">Total</th></tr></thead>
      <tbody>\(rows)</tbody></table></div>
      </section>
      """
  }

  static func duration(_ seconds: TimeInterval) -> String {
    if seconds < 3600 { return "\(Int((seconds / 60).rounded())) minutes" }
    if seconds < 86400 { return String(format: "%.1f hours", seconds / 3600) }
    return String(format: "%.1f days", seconds / 86400)
  }
}
