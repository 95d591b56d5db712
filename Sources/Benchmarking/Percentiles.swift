/// Percentiles of a sample (nanoseconds, say) by the nearest-rank method, so a reported p99 is a value
/// that was really observed.
public struct Percentiles: Sendable {
  public let sorted: [UInt64]

  public init(_ samples: [UInt64]) {
    sorted = samples.sorted()
  }

  public var count: Int { sorted.count }

  /// The `p`th percentile (0 < p ≤ 100); 0 for an empty sample.
  public func at(_ p: Double) -> UInt64 {
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
    return sorted[min(max(rank, 1), sorted.count) - 1]
  }

  public var median: UInt64 { at(50) }
}
