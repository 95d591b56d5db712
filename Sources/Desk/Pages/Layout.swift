import Foundation

/// The frame of every desk page: its head (the stylesheet and script come from the desk itself; nothing
/// inline, which the content security policy forbids), the navigation, the standing alerts, and the
/// reminder that the advice is not a diagnosis.
struct Layout {
  /// The logged-in member of staff and the form token, absent on the login page.
  var staff: (name: String, role: Account.Role, token: String)?
  var alerts: [LiveEvent.Alert] = []
  /// The navigation entry that is the current page.
  var current = ""

  func page(_ title: String, _ main: HTML) -> HTML {
    """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(title) · crscheck desk</title>
    <link rel="stylesheet" href="/assets/desk.css">
    <script src="/assets/desk.js" defer></script>
    </head>
    <body>
    <a class="skip" href="#main">Skip to the content</a>
    <header class="top">
    <p class="brand"><a href="/">crscheck desk</a></p>
    \(navigation)
    </header>
    \(staff == nil ? "" : Self.alertRegion(alerts))
    <main id="main" tabindex="-1">
    \(main)
    </main>
    <footer><p>crscheck advises patients what to do; it does not diagnose. Suspected grades are for staff only.</p></footer>
    </body>
    </html>
    """
  }

  private var navigation: HTML {
    guard let staff else { return "" }
    var items: [(String, String)] = [("/", "Queue"), ("/stats", "Statistics")]
    if staff.role == .admin { items += [("/admin/accounts", "Accounts"), ("/admin/audit", "Audit log")] }
    let links = items.map { path, name -> HTML in
      path == current
        ? "<li><a href=\"\(path)\" aria-current=\"page\">\(name)</a></li>"
        : "<li><a href=\"\(path)\">\(name)</a></li>"
    }
    return """
      <nav aria-label="Desk"><ul>\(links)</ul></nav>
      <form class="logout" method="post" action="/logout">
      <input type="hidden" name="token" value="\(staff.token)">
      <span>\(staff.name) (\(staff.role.rawValue))</span> <button type="submit">Log out</button>
      </form>
      """
  }

  /// The alerts at the top of every page: a live region, so that a screen reader announces a new one.
  static func alertRegion(_ alerts: [LiveEvent.Alert]) -> HTML {
    let more: HTML =
      alerts.count > shownAlerts
      ? "<p id=\"alert-more\"><a href=\"/\">and \(alerts.count - shownAlerts) more in the queue</a></p>"
      : "<p id=\"alert-more\" hidden></p>"
    let items = alerts.prefix(shownAlerts).map { alert -> HTML in
      """
      <li><a href="/conversations/\(alert.session)"><strong>\(alert.label)</strong> — \
      \(alert.kiosk), ended \(Self.time(alert.ended))</a></li>
      """
    }
    // The live region is always there (a screen reader may miss changes inside one that appears); its
    // content is hidden while there is nothing to say.
    return """
      <section id="alerts" aria-label="Results to act on" aria-live="assertive">
      <div id="alert-box" class="alerts"\(alerts.isEmpty ? " hidden" : "")>
      <h2>Urgent results not yet opened</h2>
      <ul id="alert-list">\(Array(items))</ul>
      \(more)
      </div>
      </section>
      """
  }

  /// Alerts listed at the top of a page; the rest are counted, so the page's content stays in view.
  static let shownAlerts = 5

  /// The time of day to the second, for the turns of one conversation (its day is in its details).
  static func clock(_ date: Date) -> String {
    String(date.formatted(Date.ISO8601FormatStyle()).dropFirst(11).prefix(8))
  }

  /// A time as staff read it: to the minute, in UTC, as transcripts keep it.
  static func time(_ date: Date?) -> String {
    guard let date else { return "—" }
    let text = date.formatted(Date.ISO8601FormatStyle())
    return "\(text.prefix(10)) \(text.dropFirst(11).prefix(5)) UTC"
  }
}
