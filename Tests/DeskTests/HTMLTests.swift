import Testing

@testable import Desk

@Suite("Pages are built so that text is only ever text")
struct HTMLTests {
  @Test("an interpolated string is escaped; markup is inserted only as HTML")
  func escaping() {
    let patient = "<script>alert(1)</script> & \"quotes\" 'too'"
    let page: HTML = "<p title=\"\(patient)\">\(patient)</p>"
    #expect(
      page.raw == "<p title=\"&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;too&#39;\">"
        + "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;too&#39;</p>")
    let inner: HTML = "<b>\(patient)</b>"
    let outer: HTML = "<div>\(inner)</div>"
    #expect(outer.raw.hasPrefix("<div><b>&lt;script"))
  }

  @Test("control and bidirectional characters are shown, not obeyed")
  func controls() {
    let page: HTML = "\("evil\u{202E}txt.exe\u{1B}[2J")"
    #expect(page.raw == "evil&lt;U+202E&gt;txt.exe&lt;U+001B&gt;[2J")
  }

  @Test("the words something was understood from are marked in the patient's line, whatever their case")
  func marking() {
    let marked = ConversationPage.marked("I have a Fever & my <b>chest</b> hurts", words: ["fever", "chest"])
    #expect(marked.raw == "I have a <mark>Fever</mark> &amp; my &lt;b&gt;<mark>chest</mark>&lt;/b&gt; hurts")
  }

  @Test("words kept as the understanding normalised them are found in what the patient typed")
  func normalisedWords() {
    let marked = ConversationPage.marked(
      "I can't breathe, mi niño está caliente", words: ["cant breathe", "nino"])
    #expect(marked.raw == "I <mark>can&#39;t breathe</mark>, mi <mark>niño</mark> está caliente")
  }

  @Test("overlapping words are marked once")
  func overlapping() {
    let marked = ConversationPage.marked("short of breath", words: ["short of breath", "breath"])
    #expect(marked.raw == "<mark>short of breath</mark>")
  }
}
