import Benchmarking
import Foundation
import Testing

@Suite("PatientScript: simulated patients told from the vignettes")
struct PatientScriptTests {
  static let vignettes = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../DialogEngineTests/Fixtures/vignettes.yaml").path

  @Test(
    "a patient opens with the vignette's first line, then answers each question from its facts or the defaults"
  )
  func answers() throws {
    let script = try PatientScript(contentsOf: Self.vignettes)
    let number = try #require(script.vignettes.firstIndex { $0.facts?["treatment"] != nil })
    let vignette = script.vignettes[number]
    var patient = script.patient(number)
    #expect(patient.answer(toSlot: "concern") == vignette.opening)
    #expect(patient.answer(toSlot: "therapy") == vignette.facts?["treatment"]?.lines.first)
    #expect(patient.answer(toSlot: "neuro_city") == script.defaults["city"])
  }

  @Test(
    "a question asked again gets the fact's next answer, then the patient gives up",
    arguments: PatientScript.GivingUp.allCases)
  func givingUp(way: PatientScript.GivingUp) throws {
    let script = try PatientScript(contentsOf: Self.vignettes)
    var patient = script.patient(0, givingUp: way)
    _ = patient.answer(toSlot: "concern")
    _ = patient.answer(toSlot: "neuro_city")
    #expect(patient.answer(toSlot: "neuro_city") == way.rawValue)
    #expect(patient.answer(toSlot: "no_such_question") == way.rawValue)
  }

  @Test("patients take turns through the vignettes")
  func rotation() throws {
    let script = try PatientScript(contentsOf: Self.vignettes)
    var first = script.patient(0)
    var again = script.patient(script.vignettes.count)
    #expect(first.answer(toSlot: "concern") == again.answer(toSlot: "concern"))
  }
}
