/// Login attempts from one address, at most `limit` in any `window`: a flood of guesses then costs the desk
/// no bcrypt (a quarter of a second of a thread each) and cannot lock out every account it can name.
actor LoginThrottle {
  private let limit: Int
  private let window: Duration
  private var attempts: [String: [ContinuousClock.Instant]] = [:]

  init(limit: Int = 20, window: Duration = .seconds(60)) {
    self.limit = limit
    self.window = window
  }

  /// Whether an attempt from `address` may go ahead now; counts it if so.
  func admit(_ address: String, at now: ContinuousClock.Instant = .now) -> Bool {
    let recent = (attempts[address] ?? []).filter { now - $0 < window }
    guard recent.count < limit else {
      attempts[address] = recent
      return false
    }
    attempts[address] = recent + [now]
    if attempts.count > 10_000 { attempts = attempts.filter { $0.value.contains { now - $0 < window } } }
    return true
  }
}
