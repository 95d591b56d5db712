import Benchmarking
import Testing

@Suite("Percentiles: nearest-rank figures of a sample")
struct PercentilesTests {
  @Test("each percentile is a value that was observed, by nearest rank")
  func nearestRank() {
    let sample = Percentiles((1...100).reversed().map(UInt64.init))
    #expect(sample.median == 50)
    #expect(sample.at(90) == 90)
    #expect(sample.at(99) == 99)
    #expect(sample.at(99.9) == 100)
    #expect(sample.at(100) == 100)
  }

  @Test("an empty sample reads as zero; a single value is every percentile")
  func edges() {
    #expect(Percentiles([]).at(99) == 0)
    #expect(Percentiles([7]).at(1) == 7)
    #expect(Percentiles([7]).at(99.9) == 7)
  }
}
