import DialogEngine
import Testing

/// The vignette suite: realistic conversations with the disposition a clinician expects.
@Suite("Vignettes on Dialogs/crs.yaml")
struct VignetteTests {
  static let levels = Dictionary(uniqueKeysWithValues: Fixtures.crs.dispositions.map { ($0.id, $0.level) })

  @Test("there are at least 60 vignettes, each expecting a declared disposition")
  func suiteIsLargeEnough() {
    #expect(Vignette.all.count >= 60)
    for vignette in Vignette.all {
      #expect(Self.levels[vignette.expect] != nil, "\(vignette.name)")
    }
  }

  /// Under-triage, advice less urgent than expected, is never acceptable.
  @Test("no vignette is under-triaged", arguments: Vignette.all)
  func noUnderTriage(vignette: Vignette) {
    let run = vignette.run(on: Fixtures.crs)
    #expect(run.stalledAt == nil, "ran out of lines at \(run.stalledAt ?? "")")
    let got = run.patient.disposition.flatMap { Self.levels[$0] } ?? 0
    #expect(
      got >= Self.levels[vignette.expect]!,
      "expected \(vignette.expect), got \(run.patient.disposition ?? "none")")
    for text in vignette.hears ?? [] {
      #expect(run.heard.contains(text), "never heard “\(text)”")
    }
  }

  /// Over-triage is safe but costly; the rate is printed for the issue note and held above a floor.
  @Test("vignettes reach exactly their expected disposition")
  func exactRate() {
    var exact = 0
    var over: [String] = []
    for vignette in Vignette.all {
      let got = vignette.run(on: Fixtures.crs).patient.disposition ?? "none"
      if got == vignette.expect {
        exact += 1
      } else if (Self.levels[got] ?? 0) > Self.levels[vignette.expect]! {
        over.append("\(vignette.name): \(got) for \(vignette.expect)")
      }
    }
    let total = Vignette.all.count
    print(
      "vignettes: \(total), exact: \(exact) (\(exact * 100 / total)%), over-triaged: \(over.count) \(over)")
    #expect(exact == total, "over-triaged: \(over)")
  }
}
