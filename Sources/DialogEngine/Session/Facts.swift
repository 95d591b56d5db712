/// What a conversation's state knows, by the positions of a `DialogIndex`: built once for a walk through
/// the graph, whose conditions then read it many times. Plain numbers, not optionals, keep building it
/// to a few allocations.
struct Facts: Sendable {
  /// Per finding: 1 present, 0 absent, -1 not known.
  var presence: [Int8]
  /// Per slot: whether it holds an answer (a findings slot does once each option is known).
  var filled: [Bool]
  /// Per slot: the position of its value's name for `in:` conditions, or -1.
  var names: [Int]
  /// Per slot: its number or duration for thresholds, or NaN.
  var magnitudes: [Double]

  init(findings: Int, slots: Int) {
    presence = Array(repeating: -1, count: findings)
    filled = Array(repeating: false, count: slots)
    names = Array(repeating: -1, count: slots)
    magnitudes = Array(repeating: .nan, count: slots)
  }

  /// Positions outside the index (a name the dialog lacks) hold nothing.
  func presence(_ finding: Int) -> Bool? {
    guard presence.indices.contains(finding), presence[finding] >= 0 else { return nil }
    return presence[finding] == 1
  }

  func name(_ slot: Int) -> Int? {
    guard names.indices.contains(slot), names[slot] >= 0 else { return nil }
    return names[slot]
  }

  func magnitude(_ slot: Int) -> Double? {
    guard magnitudes.indices.contains(slot), !magnitudes[slot].isNaN else { return nil }
    return magnitudes[slot]
  }

  func isFilled(_ slot: Int) -> Bool { filled.indices.contains(slot) && filled[slot] }
}
