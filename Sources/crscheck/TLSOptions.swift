import ArgumentParser

/// The certificate a listening command serves with, and its leave to go without one off loopback: the same
/// options on `serve` and `desk`.
struct TLSOptions: ParsableArguments {
  @Option(help: "The TLS certificate chain (PEM).")
  var tlsCert: String?

  @Option(help: "The TLS private key (PEM).")
  var tlsKey: String?

  @Flag(help: "Allow plaintext on an address other than loopback (only on a network you trust).")
  var insecurePlaintext = false

  func validate() throws {
    if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
  }

  /// The certificate and key, when given.
  var files: (certificate: String, key: String)? {
    guard let tlsCert, let tlsKey else { return nil }
    return (tlsCert, tlsKey)
  }
}
