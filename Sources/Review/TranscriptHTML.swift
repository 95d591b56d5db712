/// A printable HTML page of a transcript for the patient's chart: the same content as the text form,
/// every patient word escaped.
public struct TranscriptHTML: Sendable {
  public var text: TranscriptText

  public init(_ text: TranscriptText) {
    self.text = text
  }

  public func render() -> String {
    var html = [
      "<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
      "<title>crscheck transcript \(escape(text.transcript.session))</title>",
      "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}td{vertical-align:top;padding:.2em .6em}"
        + ".patient{font-weight:bold}.notes{color:#555;font-size:.9em}@media print{body{margin:0}}</style>",
      "</head><body>", "<h1>crscheck conversation</h1>",
      "<p><em>crscheck advises what to do; it does not diagnose.</em></p>", "<ul>",
    ]
    html += text.summary.map { "<li>\(escape($0))</li>" }
    html += ["</ul>", "<table>"]
    for turn in text.turns {
      html.append(
        "<tr><td>\(escape(turn.time))</td><td class=\"\(turn.speaker)\">\(escape(turn.speaker))</td><td>"
          + escape(turn.text).replacingOccurrences(of: "\n", with: "<br>")
          + (turn.notes.map { "<div class=\"notes\">understood: \(escape($0))</div>" } ?? "") + "</td></tr>")
    }
    html +=
      ["</table>", "<ul>"] + text.footer.map { "<li>\(escape($0))</li>" } + ["</ul>", "</body></html>"]
    return html.joined(separator: "\n") + "\n"
  }

  private func escape(_ text: String) -> String {
    SafeText.htmlEscaped(text)
  }
}
