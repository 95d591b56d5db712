import Foundation
import Testing

@Suite("crscheck validate")
struct ValidateCommandTests {
  @Test("the product's dialog is valid")
  func productDialogIsValid() throws {
    let result = try Binary.run(["validate", "Dialogs/crs.yaml"])
    #expect(result.status == 0)
    #expect(result.output.hasPrefix("Dialogs/crs.yaml: valid: dialog crs"))
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
