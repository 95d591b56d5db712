import Crypto
import DialogEngine
import Foundation
import Testing

@Suite("SHA256.hex: the fingerprint of dialogs and transcript lines")
struct SHA256HexTests {
  @Test("is the standard lower-case hex digest")
  func standardDigest() {
    #expect(
      SHA256.hex(of: Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
      SHA256.hex(of: Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  }
}
