/// When figures count: after a warm-up, for a set duration. Clients keep the load on through the
/// warm-up so the window sees a server already at its steady state.
struct MeasurementWindow: Sendable {
  let start: ContinuousClock.Instant
  let end: ContinuousClock.Instant

  init(warmup: Duration, duration: Duration) {
    start = .now + warmup
    end = start + duration
  }

  var isOver: Bool { ContinuousClock.now >= end }

  /// A turn counts when it both began and finished inside the window.
  func covers(_ began: ContinuousClock.Instant, _ finished: ContinuousClock.Instant) -> Bool {
    began >= start && finished <= end
  }

}
