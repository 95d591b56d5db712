import DialogEngine
import Foundation
import Review
import TranscriptStore

/// One conversation for a clinician: what the patient was shown and typed, turn by turn, with what was
/// understood beside each line and the words it came from marked; the advice, the suspected grade, where
/// it came from, whether its record is intact, the sign-offs and the downloads.
struct ConversationPage {
  var layout: Layout
  var text: TranscriptText
  var token: String

  private var transcript: Transcript { text.transcript }

  func render() -> HTML {
    layout.page(
      "Conversation \(transcript.session)",
      """
      <h1>Conversation <span class="mono">\(transcript.session)</span></h1>
      \(integrity)
      \(advice)
      \(details)
      <h2 id="turns-heading">What was said</h2>
      <div class="scroll" role="region" tabindex="0" aria-label="What was said"><table class="turns" aria-labelledby="turns-heading">
      <thead><tr><th scope="col">Time (UTC)</th><th scope="col">Who</th><th scope="col">Shown or typed</th>\
      <th scope="col">Understood from it</th></tr></thead>
      <tbody>\(turns)</tbody>
      </table></div>
      \(signOffs)
      <h2>Download</h2>
      <ul class="downloads">
      <li><a href="/conversations/\(transcript.session)/fhir.json" download>FHIR R4 Bundle (JSON)</a></li>
      <li><a href="/conversations/\(transcript.session)/print.html" download>Printable page (HTML)</a></li>
      <li><a href="/conversations/\(transcript.session)/transcript.txt" download>Plain text</a></li>
      </ul>
      """)
  }

  private var integrity: HTML {
    var problems = text.problems.map { "<li>\($0.description)</li>" as HTML }
    if transcript.end == nil {
      problems.append(
        "<li>It has no end record: the conversation is incomplete (still going on, or its server stopped).</li>"
      )
    }
    if problems.isEmpty {
      return "<p class=\"integrity ok\" id=\"integrity\">Record intact: the hash chain verifies.</p>"
    }
    let heading: HTML =
      text.problems.isEmpty ? "This record is incomplete." : "This record does not verify."
    return """
      <div class="integrity bad" id="integrity" role="alert"><p><strong>\(heading)</strong> \
      It may have been altered or cut short; read it with care.</p><ul>\(problems)</ul></div>
      """
  }

  private var advice: HTML {
    guard let outcome = transcript.outcome else {
      let ending = transcript.end?.ending?.rawValue ?? "no end record"
      return """
        <section class="advice level-none" aria-labelledby="advice-heading"><h2 id="advice-heading">Advice</h2>
        <p>No advice was given (\(ending)).</p></section>
        """
    }
    let severity: HTML =
      outcome.severity.map { severity in
        """
        <p class="staff-only"><strong>Suspected severity (staff only; not a diagnosis):</strong> \
        \(severity.label), from \(severity.basis.joined(separator: ", "))</p>
        """
      } ?? ""
    return """
      <section class="advice level-\(outcome.level)" aria-labelledby="advice-heading">
      <h2 id="advice-heading">Advice: <span class="badge level-\(outcome.level)">\(outcome.label)</span></h2>
      <p>\(outcome.advice)</p>
      \(severity)
      </section>
      """
  }

  private var details: HTML {
    let header = transcript.header
    let present = (transcript.end?.findings ?? transcript.outcome?.findings ?? []).filter(\.present).map(
      \.finding)
    let rows: [(String, String)] = [
      ("Kiosk", header?.kiosk ?? "none (\(header?.channel ?? "?"))"),
      ("Address", header?.address ?? "not recorded"),
      ("Dialog", "\(header?.dialog?.id ?? "?") version \(header?.dialog?.version ?? "?")"),
      ("Dialog hash (SHA-256)", header?.dialog?.sha256 ?? "?"),
      ("Language", transcript.language ?? "en"),
      ("Started", Layout.time(header?.at)),
      (
        "Ended", transcript.end.map { "\(Layout.time($0.at)) (\($0.ending?.rawValue ?? "?"))" } ?? "not ended"
      ),
      ("Findings reported", present.isEmpty ? "none" : present.joined(separator: ", ")),
    ]
    let items = rows.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" as HTML }
    return "<dl class=\"details\">\(items)</dl>"
  }

  private var turns: HTML {
    let rows = transcript.records.compactMap { record -> HTML? in
      let time = Layout.clock(record.at)
      switch record.type {
      case .patient:
        let understood = record.reading.map(TranscriptText.understood) ?? []
        // What was not understood is listed beside, in the patient's words; only what was understood is marked.
        let words = understood.filter { !$0.isUnread }.compactMap(\.words).filter { !$0.isEmpty }
        let items = understood.map { item -> HTML in
          let source: HTML =
            item.isUnread
            ? ""
            : item.words.map { $0.isEmpty ? "" : " <span class=\"from\">from <mark>\($0)</mark></span>" }
              ?? ""
          return "<li\(item.isUnread ? " class=\"unread\"" as HTML : "")>\(item.text)\(source)</li>"
        }
        return """
          <tr class="patient"><td>\(time)</td><th scope="row">Patient</th>\
          <td class="said">\(Self.marked(record.text ?? "", words: words))</td>\
          <td>\(items.isEmpty ? "—" as HTML : "<ul>\(items)</ul>" as HTML)</td></tr>
          """
      case .bot:
        let shown: HTML
        switch record.event {
        case .say(let said)?: shown = Self.paragraphs(said)
        case .ask(let question)?:
          let options = question.options.map { "<li>\($0.label)</li>" as HTML }
          shown = Self.paragraphs(question.text) + (options.isEmpty ? "" : "<ol>\(options)</ol>")
        case .result(let outcome)?:
          shown = "<p><strong>Advice: \(outcome.label)</strong></p>" + Self.paragraphs(outcome.advice)
        default: return nil
        }
        return
          "<tr class=\"bot\"><td>\(time)</td><th scope=\"row\">crscheck</th><td>\(shown)</td><td></td></tr>"
      case .resume:
        return """
          <tr class="bot"><td>\(time)</td><th scope="row">crscheck</th><td colspan="2"><em>The connection \
          dropped; the conversation was resumed\(record.address.map { " from \($0)" } ?? "").</em></td></tr>
          """
      case .session, .end:
        return nil
      }
    }
    return "\(rows)"
  }

  private var signOffs: HTML {
    let done = text.signOffs.map { signOff -> HTML in
      """
      <li>Signed off by <strong>\(signOff["by"] ?? "?")</strong>, \
      \(Layout.time(signOff["at"].flatMap { try? Date($0, strategy: .iso8601) }))\
      \(signOff["note"].map { ": \($0)" } ?? "")</li>
      """
    }
    return """
      <h2 id="signoff-heading">Sign-off</h2>
      \(done.isEmpty ? "<p>Not signed off yet.</p>" as HTML : "<ul class=\"signoffs\">\(done)</ul>" as HTML)
      <form class="sign" method="post" action="/conversations/\(transcript.session)/sign" \
      aria-labelledby="signoff-heading">
      <input type="hidden" name="token" value="\(token)">
      <p><label for="note">Note (optional)</label><br>
      <textarea id="note" name="note" rows="3" cols="60" maxlength="2000"></textarea></p>
      <p><button type="submit">Sign off as \(layout.staff?.name ?? "?")</button></p>
      </form>
      """
  }

  /// Text with line breaks kept.
  static func paragraphs(_ text: String) -> HTML {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { "\(String($0))" as HTML }
    return "<p>" + HTML(stringLiteral: lines.map(\.raw).joined(separator: "<br>")) + "</p>"
  }

  /// The patient's line with the stretches something was understood from marked. The reading keeps its
  /// words as the understanding normalised them ("cant breathe" for "can't breathe"), so both are compared
  /// folded: without case, accents or apostrophes.
  static func marked(_ text: String, words: [String]) -> HTML {
    var folded: [Character] = []
    var origins: [Range<String.Index>] = []
    var index = text.startIndex
    while index < text.endIndex {
      let next = text.index(after: index)
      for character in fold(text[index..<next]) {
        folded.append(character)
        origins.append(index..<next)
      }
      index = next
    }
    var ranges: [Range<String.Index>] = []
    for phrase in words {
      let wanted = Array(fold(Substring(phrase)))
      guard !wanted.isEmpty, wanted.count <= folded.count else { continue }
      var start = 0
      while start + wanted.count <= folded.count {
        if folded[start..<start + wanted.count].elementsEqual(wanted) {
          ranges.append(origins[start].lowerBound..<origins[start + wanted.count - 1].upperBound)
          start += wanted.count
        } else {
          start += 1
        }
      }
    }
    ranges.sort { $0.lowerBound < $1.lowerBound }
    var merged: [Range<String.Index>] = []
    for range in ranges {
      if let last = merged.last, range.lowerBound <= last.upperBound {
        merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
      } else {
        merged.append(range)
      }
    }
    var html: HTML = ""
    var cursor = text.startIndex
    for range in merged {
      html = html + "\(String(text[cursor..<range.lowerBound]))<mark>\(String(text[range]))</mark>"
      cursor = range.upperBound
    }
    return html + "\(String(text[cursor...]))"
  }

  private static func fold(_ text: Substring) -> String {
    text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).filter {
      $0 != "'" && $0 != "’"
    }
  }
}
