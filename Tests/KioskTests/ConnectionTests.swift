import Foundation
import Testing

@testable import Kiosk

@Suite struct ConnectionTests {
  @Test func addressesAreParsedIncludingIPv6AndBadOnesNamed() throws {
    let list = try Endpoint.list("10.0.0.5:7000, [::1]:7001,kiosk.example:443").get()
    #expect(list.map(\.description) == ["10.0.0.5:7000", "[::1]:7001", "kiosk.example:443"])
    #expect(throws: KioskError.badAddress("nohost")) { try Endpoint.list("127.0.0.1:7000,nohost").get() }
    #expect(throws: KioskError.badAddress("h:99999")) { try Endpoint.list("h:99999").get() }
  }

  @Test func backoffTriesEveryAddressThenPausesLongerUpToACeiling() {
    var backoff = Backoff(addresses: 2)
    #expect(backoff.failed() == .zero)
    #expect(backoff.index == 1)
    #expect(backoff.failed() == .milliseconds(250))
    #expect(backoff.index == 0)
    _ = backoff.failed()
    #expect(backoff.failed() == .milliseconds(500))
    for _ in 0..<20 { _ = backoff.failed() }
    _ = backoff.failed()
    #expect(backoff.failed() == .seconds(10))
    backoff.succeeded()
    _ = backoff.failed()
    #expect(backoff.failed() == .milliseconds(250))
  }

  @Test func messagesToTheServerAreTheProtocolsJSON() {
    #expect(
      ClientMessage.hello(kiosk: "lobby-1", token: "t", language: nil).line
        == #"{"kiosk":"lobby-1","token":"t","type":"hello"}"#)
    #expect(
      ClientMessage.resume(session: "s", token: "t").line == #"{"resume":"s","token":"t","type":"hello"}"#)
    #expect(ClientMessage.choices(["me"]).line == #"{"choice":"me","type":"answer"}"#)
    #expect(
      ClientMessage.choices(["fever", "rash"]).line == #"{"choices":["fever","rash"],"type":"answer"}"#)
    #expect(ClientMessage.command("back").line == #"{"command":"back","type":"command"}"#)
  }

  @Test func unknownMessageTypesAreIgnoredAndNonJSONIsRefused() {
    #expect(ServerMessage(line: #"{"type":"something_new","x":1}"#) == .other)
    #expect(ServerMessage(line: "CRSCHECK/1 dialog=crs") == nil)
  }

  @Test func aTokenFileOthersCanReadIsRefusedAndItsFirstLineIsTheToken() throws {
    let path = FileManager.default.temporaryDirectory.appending(path: "kiosk-token-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try "  0123456789abcdef  \n# a note\n".write(toFile: path, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
    let identity = KioskIdentity(kioskID: "lobby-1", tokenFile: path)
    #expect(throws: KioskError.tokenFileOpen(path)) { try identity.token() }
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    #expect(try identity.token() == "0123456789abcdef")
  }
}
