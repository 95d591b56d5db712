import Crypto
import Foundation

extension SHA256 {
  /// The lower-case hex SHA-256 of `data`, as dialogs and transcript lines are fingerprinted. Spelt out
  /// by hand: `String(format: "%02x")` per byte cost more than the hashing itself, on every transcript line.
  public static func hex(of data: some DataProtocol) -> String {
    let digits = Array("0123456789abcdef".utf8)
    let digest = hash(data: data)
    return String(unsafeUninitializedCapacity: SHA256.byteCount * 2) { buffer in
      var index = 0
      for byte in digest {
        buffer[index] = digits[Int(byte >> 4)]
        buffer[index + 1] = digits[Int(byte & 0x0F)]
        index += 2
      }
      return index
    }
  }
}
