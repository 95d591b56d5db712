import Benchmarking
import Foundation
import Testing

@Suite("PatientScript: simulated patients told from the vignettes")
struct PatientScriptTests {
  static let vignettes = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../DialogEngineTests/Fixtures/vignettes.yaml").path

  @Test("a patient answers a question from its own answers, then the story in order, then I don't know")
  func answers() throws {
    let script = try PatientScript(contentsOf: Self.vignettes)
    let vignette = script.vignettes[0]
    var patient = script.patient(0)
    #expect(patient.answer(toSlot: "subject") == script.defaults["subject"])
    for line in vignette.lines { #expect(patient.answer(toSlot: "opening") == line) }
    #expect(patient.answer(toSlot: "opening") == "I don't know")
  }

  @Test("patients take turns through the vignettes")
  func rotation() throws {
    let script = try PatientScript(contentsOf: Self.vignettes)
    var first = script.patient(0)
    var again = script.patient(script.vignettes.count)
    #expect(first.answer(toSlot: "opening") == again.answer(toSlot: "opening"))
  }
}
