/// Words wrapped to a width, for a terminal that would otherwise break them anywhere.
enum TextWrapping {
  static func wrap(_ text: String, width: Int) -> [String] {
    let width = max(width, 10)
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = ""
      for word in paragraph.split(separator: " ") {
        if line.isEmpty {
          line = String(word)
        } else if line.count + 1 + word.count <= width {
          line += " " + word
        } else {
          lines.append(line)
          line = String(word)
        }
        while line.count > width {
          lines.append(String(line.prefix(width)))
          line = String(line.dropFirst(width))
        }
      }
      lines.append(line)
    }
    return lines
  }
}
