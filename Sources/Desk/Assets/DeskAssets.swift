/// The desk's stylesheet and script, served by the binary itself: hospital networks are closed, and a
/// page must not depend on anything from elsewhere. The script is the only one the pages load; the
/// content security policy allows no other.
enum DeskAssets {
  static let stylesheet = #"""
    :root { --ink: #1a1a1a; --muted: #4a4a4a; --line: #8c8c8c; --paper: #ffffff; --link: #0b4f9c; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 1rem/1.5 system-ui, sans-serif; color: var(--ink); background: var(--paper); }
    a { color: var(--link); }
    a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus, main:focus-visible {
      outline: 3px solid #b35900; outline-offset: 2px; }
    .skip { position: absolute; left: -999em; }
    .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 10; }
    .top { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .5rem 1rem;
      background: #0d2f57; color: #fff; }
    .top a, .top span { color: #fff; }
    .brand { margin: 0; font-weight: bold; }
    .top nav ul { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; margin: 0; padding: 0; }
    .top a[aria-current="page"] { font-weight: bold; text-decoration-thickness: 3px; }
    .logout { margin-left: auto; display: flex; gap: .5rem; align-items: center; }
    main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
    footer { max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: var(--muted); font-size: .9rem; }
    button { font: inherit; padding: .35rem .9rem; border: 2px solid #0d2f57; background: #0d2f57; color: #fff;
      border-radius: 4px; cursor: pointer; }
    input, select, textarea { font: inherit; padding: .3rem; border: 1px solid var(--line); border-radius: 3px;
      max-width: 100%; }
    label { font-weight: 600; }
    .alerts { margin: 0; padding: .75rem 1rem; background: #7d0a0e; color: #fff; }
    .alerts h2 { margin: 0 0 .25rem; font-size: 1.1rem; }
    .alerts ul { margin: 0; padding-left: 1.25rem; }
    .alerts a { color: #fff; }
    .filters { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: end; }
    .filters p { margin: .25rem 0; }
    table { border-collapse: collapse; width: 100%; }
    .scroll { overflow-x: auto; margin: 1rem 0; }
    caption { text-align: left; font-weight: 600; padding: .25rem 0; }
    th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid #c8c8c8; }
    thead th { border-bottom: 2px solid var(--ink); }
    .badge { display: inline-block; padding: .1rem .5rem; border-radius: 3px; color: #fff; font-weight: 600; }
    .level-4 .badge, .badge.level-4 { background: #a4161a; }
    .level-3 .badge, .badge.level-3 { background: #8a3c00; }
    .level-2 .badge, .badge.level-2 { background: #1f5fa8; }
    .level-1 .badge, .badge.level-1 { background: #2e6b30; }
    .level-none .badge, .badge.level-none { background: #555555; }
    .advice { border-left: 6px solid #555; padding: .25rem 1rem; margin: 1rem 0; background: #f4f4f4; }
    .advice.level-4 { border-color: #a4161a; } .advice.level-3 { border-color: #8a3c00; }
    .advice.level-2 { border-color: #1f5fa8; } .advice.level-1 { border-color: #2e6b30; }
    .staff-only { color: #5a2a00; }
    .integrity { padding: .5rem 1rem; border-radius: 4px; }
    .integrity.ok { background: #e6f2e6; color: #1d4d1f; }
    .integrity.bad { background: #fbe3e3; color: #8b0000; border: 2px solid #b00000; }
    .turns .patient { background: #f5f8fc; }
    .turns td p { margin: 0 0 .25rem; }
    .turns ul, .turns ol { margin: 0; padding-left: 1.25rem; }
    mark { background: #ffe066; color: #000; padding: 0 .1rem; }
    .unread { color: #8b0000; font-weight: 600; }
    .from { color: var(--muted); }
    .mono { font-family: ui-monospace, monospace; font-size: .9em; word-break: break-all; }
    .details { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
    .details dt { font-weight: 600; } .details dd { margin: 0; word-break: break-all; }
    .error { color: #8b0000; font-weight: 600; }
    .status { color: #1d4d1f; font-weight: 600; min-height: 1.5em; }
    .login { max-width: 24rem; }
    .login input { width: 100%; }
    .chart { width: 100%; max-width: 45rem; height: auto; font-size: 12px; }
    .chart text { fill: #1a1a1a; }
    @media print { .top, .alerts, form, footer { display: none; } }
    """#

  static let script = #"""
    "use strict";
    // Live updates for every desk page: alerts for urgent results nobody has opened (the first five, as
    // Layout.shownAlerts draws them, and how many more), and the queue's rows
    // when a conversation ends. Data arrives as JSON and is written as text, never as markup.
    (function () {
      if (!window.EventSource || !document.getElementById("alerts")) return;
      var source = new EventSource("/events");
      var shown = null;
      source.addEventListener("alerts", function (event) {
        if (event.data === shown) return;  // unchanged: nothing to redraw, nothing to announce again
        shown = event.data;
        var alerts = JSON.parse(event.data);
        var box = document.getElementById("alert-box");
        var list = document.getElementById("alert-list");
        while (list.firstChild) list.removeChild(list.firstChild);
        alerts.slice(0, 5).forEach(function (alert) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = "/conversations/" + encodeURIComponent(alert.session);
          var label = document.createElement("strong");
          label.textContent = alert.label;
          link.appendChild(label);
          link.appendChild(document.createTextNode(" — " + alert.kiosk + ", ended " +
            alert.ended.slice(0, 10) + " " + alert.ended.slice(11, 16) + " UTC"));
          item.appendChild(link);
          list.appendChild(item);
        });
        var more = document.getElementById("alert-more");
        while (more.firstChild) more.removeChild(more.firstChild);
        if (alerts.length > 5) {
          var all = document.createElement("a");
          all.href = "/";
          all.textContent = "and " + (alerts.length - 5) + " more in the queue";
          more.appendChild(all);
        }
        more.hidden = alerts.length <= 5;
        box.hidden = alerts.length === 0;
      });
      source.addEventListener("ended", function () {
        var rows = document.getElementById("queue-rows");
        if (!rows) return;
        var query = document.getElementById("queue").getAttribute("data-query");
        fetch("/queue/rows?" + query, { credentials: "same-origin" }).then(function (response) {
          if (response.redirected) { window.location.href = response.url; return; }  // the login ended
          if (!response.ok) return;
          return response.text().then(function (html) {
            rows.innerHTML = html;  // escaped by the desk, as every page is
            document.getElementById("queue-status").textContent =
              "A conversation ended; the queue is up to date.";
          });
        });
      });
      source.addEventListener("expired", function () {
        source.close();
        window.location.href = "/login?expired=1";
      });
    })();
    """#
}
