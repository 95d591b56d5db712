import Benchmarking

/// Times one piece of work again and again: every call on its own, for at least `minimum` calls and
/// until `budget` has passed, so quick work gets many samples and slow work a few.
struct Sampler {
  var budget: Duration
  var minimum: Int

  /// Nanoseconds of each call.
  func sample(_ work: () -> Void) -> [UInt64] {
    let clock = ContinuousClock()
    let until = clock.now + budget
    var samples: [UInt64] = []
    while samples.count < minimum || clock.now < until {
      samples.append(clock.measure(work).nanoseconds)
    }
    return samples
  }
}
