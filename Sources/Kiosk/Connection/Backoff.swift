/// When to try the servers again: every address in turn, then a pause that doubles up to a ceiling, so a
/// kiosk finds a server back within seconds without hammering one that is down.
public struct Backoff: Sendable, Equatable {
  public let count: Int
  public let first: Duration
  public let ceiling: Duration
  /// The address to try next, as an index into the list.
  public private(set) var index = 0
  private var failedInRound = 0
  private var pause: Duration

  public init(addresses count: Int, first: Duration = .milliseconds(250), ceiling: Duration = .seconds(10)) {
    self.count = max(count, 1)
    self.first = first
    self.ceiling = ceiling
    pause = first
  }

  /// A server answered: the next failure starts a fresh round at the same address.
  public mutating func succeeded() {
    failedInRound = 0
    pause = first
  }

  /// The address at `index` failed (or its connection ended): the pause before the next try, moving
  /// on to the next address (no pause while the round has addresses left).
  public mutating func failed() -> Duration {
    index = (index + 1) % count
    failedInRound += 1
    guard failedInRound >= count else { return .zero }
    failedInRound = 0
    defer { pause = min(pause * 2, ceiling) }
    return pause
  }
}
