import DialogEngine
import Testing

/// Conditions declared once by name under `conditions` and named where they are used.
@Suite("Dialog loading: named conditions")
struct NamedConditionTests {
  @Test("a rule that names a condition holds as the condition does, and keeps its name for the picture")
  func namedConditionHolds() throws {
    let interrupt = try #require(Fixtures.crs.interrupts.first { $0.id == "high_temperature" })
    #expect(interrupt.condition.name == "high_temperature")
    #expect(DialogGraph(Fixtures.crs).render(.dot).contains("high temperature"))
    var patient = Patient(Fixtures.crs)
    patient.say("my temperature is 39.5")
    #expect(patient.disposition == "emergency")
  }
}
