/// What one simulated client counted; the clients' tallies are added up at the end, so no state is
/// shared while the load runs.
struct Tally: Sendable {
  var turns = 0
  var conversations = 0
  var errors = 0
  /// Turn latencies in nanoseconds: from sending a line to the server's reply being complete.
  var latencies: [UInt64] = []
  /// What went wrong, a few examples for the person running the load (never patient text: the scripts
  /// are synthetic).
  var problems: [String] = []

  mutating func fail(_ problem: String) {
    errors += 1
    if problems.count < 3 { problems.append(problem) }
  }

  static func + (lhs: Tally, rhs: Tally) -> Tally {
    Tally(
      turns: lhs.turns + rhs.turns, conversations: lhs.conversations + rhs.conversations,
      errors: lhs.errors + rhs.errors, latencies: lhs.latencies + rhs.latencies,
      problems: Array((lhs.problems + rhs.problems).prefix(5)))
  }
}
