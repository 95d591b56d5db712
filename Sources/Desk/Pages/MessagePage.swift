/// A page that only says something: not allowed, not found, a form that expired.
struct MessagePage {
  var layout: Layout
  var title: String
  var message: String

  func render() -> HTML {
    layout.page(title, "<h1>\(title)</h1>\n<p>\(message)</p>\n<p><a href=\"/\">Back to the queue</a></p>")
  }
}
