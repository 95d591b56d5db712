/// Finds findings described by their parts rather than in a set phrase: a body part and a colour ("his
/// mouth has gone a bluish colour"), air or lungs with "can't" or "fill" ("I can't fill my lungs"),
/// rousing with "can't" ("we can't rouse him"). A description holds when a word of each of its groups
/// stands in one sentence part (a comma does not end it, "but" does), all within a few words of each
/// other, in any order.
struct PartsMatcher: Sendable {
  /// One way of describing a finding: a word (as a stem) from each group.
  struct Description: Sendable {
    var finding: String
    var groups: [Set<String>]
  }

  /// The most words a description may spread over, from its first part to its last.
  static let span = 8

  private let descriptions: [Description]
  /// Every stem of every group, to skip a line that has none quickly.
  private let stems: Set<String>

  init(dialog: Dialog) {
    let groups = dialog.language.wordGroups.mapValues { Set($0.flatMap(Tokenizer.words).map(Stemmer.stem)) }
    descriptions = dialog.findings.flatMap { finding in
      finding.parts.map { names in
        Description(finding: finding.id, groups: names.map { groups[$0] ?? [] })
      }
    }
    stems = descriptions.reduce(into: Set()) { all, description in
      for group in description.groups { all.formUnion(group) }
    }
  }

  /// A finding found by its parts: the stretch of words, and where its parts stand in it (a negation
  /// elsewhere in the stretch denies it: "temperature is not high").
  struct Described {
    var match: PhraseMatcher<String>.Match
    var parts: Set<Int>
  }

  func matches(in line: Line) -> [Described] {
    guard line.stems.contains(where: stems.contains) else { return [] }
    var found: [Described] = []
    for clause in line.sentences {
      for description in descriptions {
        if let parts = closest(description.groups, in: line.stems, clause), let low = parts.min(),
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
  /// proportion to its length.
  private func closest(_ groups: [Set<String>], in stems: [String], _ clause: Range<Int>) -> Set<Int>? {
    var best: [Int]?
    for anchor in clause where groups[0].contains(stems[anchor]) {
      let window = max(clause.lowerBound, anchor - Self.span + 1)..<min(clause.upperBound, anchor + Self.span)
      var chosen = [anchor]
      for group in groups.dropFirst() {
        guard
          let nearest = window.filter({ group.contains(stems[$0]) }).min(by: {
            abs($0 - anchor) < abs($1 - anchor)
          })
        else { break }
        chosen.append(nearest)
      }
      guard chosen.count == groups.count, let low = chosen.min(), let high = chosen.max() else { continue }
      if high - low < Self.span, best.map({ high - low < $0.max()! - $0.min()! }) ?? true { best = chosen }
    }
    return best.map(Set.init)
  }

}
