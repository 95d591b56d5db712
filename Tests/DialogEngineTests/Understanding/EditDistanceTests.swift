import Testing

@testable import DialogEngine

@Suite("Edit distance for spelling correction")
struct EditDistanceTests {
  /// The plain table of optimal string alignment distance, to hold the bounded check to.
  static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { table[i][0] = i }
    for j in 0...b.count { table[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
        }
      }
    }
    return table[a.count][b.count]
  }

  @Test("one slip is a changed, added, dropped or swapped letter, and nothing more")
  func oneSlip() {
    #expect(EditDistance.within(Array("pain".utf8), Array("pian".utf8), limit: 1))
    #expect(EditDistance.within(Array("chest".utf8), Array("chst".utf8), limit: 1))
    #expect(EditDistance.within(Array("fever".utf8), Array("feverr".utf8), limit: 1))
    #expect(EditDistance.within(Array("fever".utf8), Array("fevar".utf8), limit: 1))
    #expect(!EditDistance.within(Array("never".utf8), Array("fevar".utf8), limit: 1))
    #expect(!EditDistance.within(Array("abcd".utf8), Array("badc".utf8), limit: 1))
  }

  @Test("the bounded check agrees with the full table on every pair of short words over three letters")
  func agreesWithTheTable() {
    let letters: [UInt8] = Array("abc".utf8)
    var words: [[UInt8]] = [[]]
    for length in 1...4 {
      var next: [[UInt8]] = []
      for word in words where word.count == length - 1 {
        for letter in letters { next.append(word + [letter]) }
      }
      words += next
    }
    for a in words {
      for b in words {
        let exact = Self.distance(a, b)
        for limit in 1...2 {
          #expect(EditDistance.within(a, b, limit: limit) == (exact <= limit), "\(a) \(b) \(limit)")
        }
      }
    }
  }
}
