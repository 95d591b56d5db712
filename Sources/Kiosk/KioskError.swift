/// Why a kiosk cannot start, said to the staff who set it up.
public enum KioskError: Error, Equatable, CustomStringConvertible {
  case badAddress(String)
  case plaintextOffLoopback(String)
  case unreadableFile(String, String)
  case emptyToken(String)
  case tls(String)
  case tokenWithoutID
  case tokenFileOpen(String)

  public var description: String {
    switch self {
    case .badAddress(let entry): "'\(entry)' is not an address: give HOST:PORT (several separated by commas)"
    case .plaintextOffLoopback(let address):
      "\(address) is not this machine: give --tls-ca (and the kiosk's --tls-cert/--tls-key), or --insecure-plaintext on a network you trust"
    case .unreadableFile(let path, let reason): "cannot read \(path): \(reason)"
    case .emptyToken(let path): "\(path) holds no token (its first line is the kiosk's token)"
    case .tls(let reason): "TLS set-up failed: \(reason)"
    case .tokenWithoutID: "--kiosk-id and --token-file go together"
    case .tokenFileOpen(let path):
      "\(path) can be read by others: a kiosk token is a secret (chmod 600 \(path))"
    }
  }
}
