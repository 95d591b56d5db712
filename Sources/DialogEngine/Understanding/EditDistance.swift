/// Optimal-string-alignment distance (Damerau–Levenshtein with adjacent swaps), bounded so that a
/// comparison stops as soon as the distance is known to exceed what a misspelling may be.
enum EditDistance {
  static func within(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Bool {
    if abs(a.count - b.count) > limit { return false }
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) <= limit }
    // Most words are short and allowed one slip, which needs no table: this runs against every known
    // word with the same first letter as each unknown word.
    if limit == 1 { return withinOne(a, b) }
    let width = b.count + 1
    var previous2 = [Int](repeating: 0, count: width)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: width)
    for i in 1...a.count {
      current[0] = i
      var rowMinimum = current[0]
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          value = min(value, previous2[j - 2] + 1)
        }
        current[j] = value
        rowMinimum = min(rowMinimum, value)
      }
      if rowMinimum > limit { return false }
      (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count] <= limit
  }

  /// Equal, or one letter changed, added, dropped, or two neighbours swapped.
  private static func withinOne(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    var start = 0
    while start < a.count, start < b.count, a[start] == b[start] { start += 1 }
    var endA = a.count
    var endB = b.count
    while endA > start, endB > start, a[endA - 1] == b[endB - 1] {
      endA -= 1
      endB -= 1
    }
    switch (endA - start, endB - start) {
    case (0, 0), (1, 1), (1, 0), (0, 1): return true
    case (2, 2): return a[start] == b[start + 1] && a[start + 1] == b[start]
    default: return false
    }
  }
}
