import Foundation
import Testing

@Suite("crscheck validate")
struct ValidateCommandTests {
  @Test("the product's dialog is valid")
  func productDialogIsValid() throws {
    let result = try Binary.run(["validate", "Dialogs/crs.yaml"])
    #expect(result.status == 0)
    #expect(result.output.hasPrefix("Dialogs/crs.yaml: valid: dialog crs"))
    #expect(result.output.contains("in English (en) and Español (es)"))
  }

  @Test("a broken dialog fails with file:line:column and the reason")
  func brokenDialogFails() throws {
    let result = try Binary.run([
      "validate", "Dialogs/crs.yaml", "Tests/DialogEngineTests/Fixtures/unknown-finding.yaml",
    ])
    #expect(result.status == 1)
    #expect(
      result.output.contains(
        "Tests/DialogEngineTests/Fixtures/unknown-finding.yaml:71:11: error: condition names finding `breathles`, which is not declared"
      ))
  }

  @Test("a file that does not exist fails")
  func missingFile() throws {
    let result = try Binary.run(["validate", "no-such-dialog.yaml"])
    #expect(result.status == 1)
    #expect(result.output.contains("no-such-dialog.yaml:1:1: error: cannot read the dialog file"))
  }
}

/// The product's dialog passes `validate --exhaustive` in scripts/test, before the tests: it is not run a
/// second time here, where it would take both cores from the timed tests.
@Suite("crscheck validate --exhaustive and crscheck graph")
struct ExhaustiveAndGraphCommandTests {

  @Test("--exhaustive fails on a dialog where an emergency phrase goes astray")
  func exhaustiveFails() throws {
    let result = try Binary.run([
      "validate", "--exhaustive", "Tests/DialogEngineTests/Fixtures/unsafe-phrase.yaml",
    ])
    #expect(result.status == 1)
    #expect(result.output.contains("error: in en, at `ask_who`, “cant breathe” (finding `breathless`)"))
    #expect(result.output.contains("error: concept “chills” (symptoms) is not covered"))
    #expect(result.output.contains("coverage: "))
  }

  @Test("graph prints DOT by default and Mermaid on request")
  func graph() throws {
    let dot = try Binary.run(["graph", "Dialogs/crs.yaml"])
    #expect(dot.status == 0)
    #expect(dot.output.hasPrefix("digraph \"crs\" {"))
    let mermaid = try Binary.run(["graph", "Dialogs/crs.yaml", "--format", "mermaid"])
    #expect(mermaid.output.hasPrefix("flowchart TD"))
  }
}
