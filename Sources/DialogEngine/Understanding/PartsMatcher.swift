/// Finds findings described by their parts rather than in a set phrase: a body part and a colour ("his
/// mouth has gone a bluish colour"), air or lungs with "can't" or "fill" ("I can't fill my lungs"),
/// rousing with "can't" ("we can't rouse him"). A description holds when a word of each of its groups
/// stands in one sentence part (a comma does not end it, "but" does), all within a few words of each
/// other, in any order. A member of a group may be several words ("no one", "dont know"), which then count
/// only together and in order.
struct PartsMatcher: Sendable {
  /// One way of describing a finding: a word from each group, the groups by their number.
  struct Description: Sendable {
    var finding: String
    var groups: [Int]
  }

  /// The most words a description may spread over, from its first part to its last.
  static let span = 8

  private let descriptions: [Description]
  /// What each stem may begin: the groups it is a member of alone, and members of several words that
  /// start with it. A line's words are looked up once, not once per description.
  private let entries: WordTable<Entry>

  private struct Entry: Sendable {
    var groups: [Int] = []
    var longer: [(rest: [String], group: Int)] = []
  }

  init(dialog: Dialog) {
    let names = dialog.findings.flatMap { $0.parts.flatMap { $0 } }
    var numbers: [String: Int] = [:]
    for name in names where numbers[name] == nil { numbers[name] = numbers.count }
    descriptions = dialog.findings.flatMap { finding in
      finding.parts.map { names in Description(finding: finding.id, groups: names.map { numbers[$0]! }) }
    }
    var entries: [String: Entry] = [:]
    for (name, number) in numbers {
      let members = Set(
        (dialog.language.wordGroups[name] ?? []).map { Tokenizer.words($0).map(Stemmer.stem) })
      for stems in members {
        guard let first = stems.first else { continue }
        if stems.count == 1 {
          if entries[first]?.groups.contains(number) != true {
            entries[first, default: Entry()].groups.append(number)
          }
        } else {
          entries[first, default: Entry()].longer.append((Array(stems.dropFirst()), number))
        }
      }
    }
    self.entries = WordTable(entries.map { ($0.key, $0.value) })
  }

  /// A finding found by its parts: the stretch of words, and where its parts stand in it (a negation
  /// elsewhere in the stretch denies it: "temperature is not high").
  struct Described {
    var match: PhraseMatcher<String>.Match
    var parts: Set<Int>
  }

  func matches(in line: Line) -> [Described] {
    let stems = line.stems
    let groups = stems.indices.map { position -> [Int] in
      guard let entry = entries[stems[position]] else { return [] }
      var groups = entry.groups
      for (rest, group) in entry.longer
      where stems[(position + 1)...].starts(with: rest) && !groups.contains(group) {
        groups.append(group)
      }
      return groups
    }
    guard groups.contains(where: { !$0.isEmpty }) else { return [] }
    var found: [Described] = []
    for clause in line.sentences {
      for description in descriptions where !description.groups.isEmpty {
        if let parts = closest(description.groups, in: groups, clause), let low = parts.min(),
          let high = parts.max()
        {
          found.append(
            Described(
              match: PhraseMatcher.Match(range: low..<(high + 1), payload: description.finding), parts: parts)
          )
        }
      }
    }
    return found
  }

  /// The places of the narrowest stretch of `clause` holding a word of every group, if it is narrow enough.
  /// Only words within the span of each candidate first part are looked at, so a long line costs in
  /// proportion to its length. `groups` holds, for each word of the line, the groups it belongs to.
  private func closest(_ wanted: [Int], in groups: [[Int]], _ clause: Range<Int>) -> Set<Int>? {
    var best: [Int]?
    for anchor in clause where groups[anchor].contains(wanted[0]) {
      let window = max(clause.lowerBound, anchor - Self.span + 1)..<min(clause.upperBound, anchor + Self.span)
      var chosen = [anchor]
      for group in wanted.dropFirst() {
        guard
          let nearest = window.filter({ groups[$0].contains(group) }).min(by: {
            abs($0 - anchor) < abs($1 - anchor)
          })
        else { break }
        chosen.append(nearest)
      }
      guard chosen.count == wanted.count, let low = chosen.min(), let high = chosen.max() else { continue }
      if high - low < Self.span, best.map({ high - low < $0.max()! - $0.min()! }) ?? true { best = chosen }
    }
    return best.map(Set.init)
  }
}
