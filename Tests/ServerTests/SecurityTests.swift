import Foundation
import Logging
import NIOCore
import NIOSSL
import Testing
import TranscriptStore

@testable import Server

/// Kiosk tokens, TLS, and the refusal to serve plaintext off the machine.
@Suite("crscheck serve: identity and encryption", .timeLimit(.minutes(2)))
struct SecurityTests {
  static let tokens = KioskTokens(["lobby-1": "s3cret-token-1", "ward-2": "another-token"])

  @Test("a kiosk with its token converses, and its id is in the transcript")
  func rightToken() async throws {
    let server = try await TestServer.start { $0.kioskTokens = Self.tokens }
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      let hello = try #require(try await client.next())
      #expect(hello.contains("auth=token"))
      try await client.send(#"{"type":"hello","kiosk":"lobby-1","token":"s3cret-token-1"}"#)
      let turn = try await client.turn().map(json)
      #expect(turn.last?["type"] as? String == "ask")
      try await client.send(#"{"type":"answer","text":"I can't breathe"}"#)
      _ = try await client.turn()
    }
    try await server.stop()
    #expect(try server.transcriptRecords().first?.first?["kiosk"] as? String == "lobby-1")
  }

  @Test("a text kiosk identifies itself with AUTH")
  func textAuth() async throws {
    let server = try await TestServer.start { $0.kioskTokens = Self.tokens }
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      _ = try await client.next()
      try await client.send("AUTH ward-2 another-token")
      #expect(try await client.turn().last == "> ")
    }
    try await server.stop()
  }

  @Test(
    "a wrong, missing or other kiosk's token is refused and the connection closed",
    arguments: [
      #"{"type":"hello","kiosk":"lobby-1","token":"wrong"}"#, #"{"type":"hello"}"#,
      #"{"type":"hello","kiosk":"lobby-1","token":"another-token"}"#, "AUTH lobby-1 s3cret-token-",
      "I can't breathe",
    ])
  func wrongToken(first: String) async throws {
    let server = try await TestServer.start { $0.kioskTokens = Self.tokens }
    defer { server.removeTranscripts() }
    try await LineClient.withConnection(port: server.port) { client in
      _ = try await client.next()
      try await client.send(first)
      let rest = try await client.rest().joined(separator: "\n")
      #expect(rest.contains("unauthorized") || rest.contains("not recognised"))
      #expect(!rest.contains("In your own words"), "no conversation before identification")
    }
    try await server.stop()
    #expect(try server.transcriptRecords().isEmpty)
  }

  @Test("tokens are compared whole: prefixes, extensions and unknown kiosks fail")
  func tokenComparison() {
    #expect(Self.tokens.accepts(kiosk: "lobby-1", token: "s3cret-token-1"))
    #expect(!Self.tokens.accepts(kiosk: "lobby-1", token: "s3cret-token-"))
    #expect(!Self.tokens.accepts(kiosk: "lobby-1", token: "s3cret-token-12"))
    #expect(!Self.tokens.accepts(kiosk: "nobody", token: "s3cret-token-1"))
  }

  /// A length difference folded into a byte once let the right token with 256 extra bytes through.
  @Test(
    "the right token with extra bytes is refused, whatever the number of them",
    arguments: [1, 255, 256, 512, 768])
  func tokenWithTrailingBytes(extra: Int) {
    #expect(
      !Self.tokens.accepts(kiosk: "lobby-1", token: "s3cret-token-1" + String(repeating: "x", count: extra)))
    #expect(
      !Self.tokens.accepts(kiosk: "lobby-1", token: "s3cret-token-1" + String(repeating: "\0", count: extra)))
  }

  @Test("a tokens file with a guessable token is refused at start, naming its line")
  func shortTokenInFile() throws {
    let path = FileManager.default.temporaryDirectory.appending(path: "tokens-\(UUID())").path
    try "lobby-1 0123456789abcdef\nward-2 x\n".write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let error = #expect(throws: ServerError.self) { try KioskTokens(contentsOf: path) }
    #expect(error?.description.contains("\(path):2") == true)
  }

  @Test("the tokens file is read as kiosk-id token lines, comments allowed")
  func tokensFile() throws {
    let path = FileManager.default.temporaryDirectory.appending(path: "tokens-\(UUID())").path
    try "# kiosks\nlobby-1 abcdefghijklmnop # front desk\n\nward-2 0123456789abcdef\n".write(
      toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let tokens = try KioskTokens(contentsOf: path)
    #expect(tokens.accepts(kiosk: "lobby-1", token: "abcdefghijklmnop"))
    #expect(tokens.accepts(kiosk: "ward-2", token: "0123456789abcdef"))
    try "lobby-1 abcdefghijklmnop extra\n".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: ServerError.self) { try KioskTokens(contentsOf: path) }
  }

  @Test("plaintext on an address off this machine is refused unless explicitly allowed")
  func plaintextOffLoopback() throws {
    var configuration = ServerConfiguration()
    configuration.host = "0.0.0.0"
    #expect(throws: ServerError.self) {
      try CRSServer(
        configuration: configuration, engine: TestServer.engine, logger: Logger(label: "test"),
        transcripts: TranscriptStore(root: configuration.transcripts, policy: configuration.syncPolicy))
    }
    configuration.allowsPlaintextOffLoopback = true
    _ = try CRSServer(
      configuration: configuration, engine: TestServer.engine, logger: Logger(label: "test"),
      transcripts: TranscriptStore(root: configuration.transcripts, policy: configuration.syncPolicy))
  }

  @Test(
    "loopback is judged on the resolved address: only 127/8, ::1 and their mapped forms are",
    arguments: [
      ("127.0.0.1", true), ("127.8.9.10", true), ("::1", true), ("::ffff:127.0.0.1", true),
      ("10.0.0.1", false),
      ("0.0.0.0", false), ("::", false), ("::ffff:10.0.0.1", false), ("fe80::1", false),
    ])
  func loopbackAddresses(host: String, loopback: Bool) throws {
    let address = try SocketAddress(ipAddress: host, port: 0)
    #expect(ServerConfiguration.isLoopback(address) == loopback)
  }

  /// The name was once checked as a string, so `127.anything` passed before it was resolved.
  @Test(
    "a name that is not loopback once resolved is refused without TLS, and an unresolvable one is an error")
  func namesAreResolvedFirst() throws {
    var configuration = ServerConfiguration()
    configuration.host = "localhost"
    _ = try CRSServer(
      configuration: configuration, engine: TestServer.engine, logger: Logger(label: "test"),
      transcripts: TranscriptStore(root: configuration.transcripts, policy: configuration.syncPolicy))
    configuration.host = "127.crscheck.invalid"
    let unresolvable = #expect(throws: ServerError.self) {
      try CRSServer(
        configuration: configuration, engine: TestServer.engine, logger: Logger(label: "test"),
        transcripts: TranscriptStore(root: configuration.transcripts, policy: configuration.syncPolicy))
    }
    #expect(unresolvable?.description.contains("cannot resolve") == true)
    // This machine's own name resolves to an interface others can reach.
    let name = ProcessInfo.processInfo.hostName
    if let resolved = try? SocketAddress.makeAddressResolvingHost(name, port: 0),
      !ServerConfiguration.isLoopback(resolved)
    {
      configuration.host = name
      #expect(throws: ServerError.self) {
        try CRSServer(
          configuration: configuration, engine: TestServer.engine, logger: Logger(label: "test"),
          transcripts: TranscriptStore(root: configuration.transcripts, policy: configuration.syncPolicy))
      }
    }
  }

  @Test("an expired server certificate stops serve at start, saying when it expired")
  func expiredCertificate() throws {
    let certificates = try TestCertificate.makeExpired()
    defer { certificates.remove() }
    var configuration = ServerConfiguration()
    configuration.tls = .init(certificate: certificates.certificate, key: certificates.key)
    let error = #expect(throws: ServerError.self) {
      try CRSServer(
        configuration: configuration, engine: TestServer.engine, logger: Logger(label: "test"),
        transcripts: TranscriptStore(root: configuration.transcripts, policy: configuration.syncPolicy))
    }
    #expect(error?.description.contains("expired on 2020-01-02") == true, "\(String(describing: error))")
  }

  @Test("a conversation over TLS, with a certificate made by the test; a plaintext client gets nothing")
  func tls() async throws {
    let certificates = try TestCertificate.make()
    defer { certificates.remove() }
    let server = try await TestServer.start {
      $0.tls = .init(certificate: certificates.certificate, key: certificates.key)
    }
    defer { server.removeTranscripts() }
    var configuration = TLSConfiguration.makeClientConfiguration()
    configuration.trustRoots = .file(certificates.certificate)
    configuration.certificateVerification = .noHostnameVerification
    let context = try NIOSSLContext(configuration: configuration)
    try await LineClient.withConnection(port: server.port, tls: context) { client in
      let hello = try #require(try await client.next())
      #expect(hello.hasPrefix("CRSCHECK/1"))
      try await client.send("I can't breathe")
      #expect(try await client.rest().joined().contains("CALL 911"))
    }
    try await LineClient.withConnection(port: server.port) { plain in
      try await plain.send("hello")
      // The server ends the connection: at its end of input, or with a reset; never with the protocol.
      switch await outcome(of: { try await plain.rest() }) {
      case .success(let lines):
        #expect(!lines.contains { $0.hasPrefix("CRSCHECK/1") }, "no protocol without TLS: \(lines)")
      case .failure(let error):
        #expect("\(error)".contains("reset") || "\(error)".contains("ECONNRESET"), "\(error)")
      }
    }
    try await server.stop()
  }
}

extension SecurityTests {
  @Test("a TLS connection that never completes its handshake is closed at the deadline")
  func handshakeDeadline() async throws {
    let certificates = try TestCertificate.make()
    defer { certificates.remove() }
    let server = try await TestServer.start {
      $0.tls = .init(certificate: certificates.certificate, key: certificates.key)
      $0.tlsHandshakeTimeout = .milliseconds(300)
    }
    defer { server.removeTranscripts() }
    let started = ContinuousClock.now
    let said = try await LineClient.withConnection(port: server.port) { silent in try await silent.rest() }
    let waited = ContinuousClock.now - started
    #expect(said.isEmpty, "nothing is said before a handshake")
    #expect(waited >= .milliseconds(300), "not before the deadline: \(waited)")
    #expect(waited < .seconds(20), "closed by the server, not left open: \(waited)")
    try await server.stop()
  }

  @Test("with a client CA, only kiosks presenting a certificate it signed get a conversation")
  func clientCertificates() async throws {
    let certificates = try TestCertificate.make()
    defer { certificates.remove() }
    let server = try await TestServer.start {
      $0.tls = .init(
        certificate: certificates.certificate, key: certificates.key, clientCA: certificates.certificate)
    }
    defer { server.removeTranscripts() }
    var anonymous = TLSConfiguration.makeClientConfiguration()
    anonymous.trustRoots = .file(certificates.certificate)
    anonymous.certificateVerification = .noHostnameVerification
    var identified = anonymous
    identified.certificateChain = try NIOSSLCertificate.fromPEMFile(certificates.certificate).map {
      .certificate($0)
    }
    identified.privateKey = .privateKey(try NIOSSLPrivateKey(file: certificates.key, format: .pem))
    try await LineClient.withConnection(port: server.port, tls: try NIOSSLContext(configuration: identified))
    {
      client in
      let hello = try await client.next()
      #expect(hello?.hasPrefix("CRSCHECK/1") == true)
    }
    // TLS 1.3 finishes the client's side of the handshake first: the refusal is the alert that follows.
    let refused = await outcome {
      try await LineClient.withConnection(port: server.port, tls: try NIOSSLContext(configuration: anonymous))
      {
        client in try await client.rest()
      }
    }
    switch refused {
    case .success(let lines): Issue.record("a kiosk without a certificate was answered: \(lines)")
    case .failure(let error): #expect("\(error)".uppercased().contains("CERTIFICATE"), "\(error)")
    }
    try await server.stop()
  }
}

/// A self-signed certificate and key for 127.0.0.1, made with openssl for one test.
struct TestCertificate {
  let folder: String
  var certificate: String { folder + "/cert.pem" }
  var key: String { folder + "/key.pem" }

  static func make() throws -> TestCertificate {
    let folder = FileManager.default.temporaryDirectory.appending(path: "tls-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = URL(filePath: "/usr/bin/env")
    process.arguments = [
      "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", folder + "/key.pem", "-out",
      folder + "/cert.pem", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw ServerError("openssl could not make a test certificate")
    }
    return TestCertificate(folder: folder)
  }

  /// A certificate whose validity ended in 2020, signed by itself through `openssl ca`, which alone can
  /// set dates in the past.
  static func makeExpired() throws -> TestCertificate {
    let folder = FileManager.default.temporaryDirectory.appending(path: "tls-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try "".write(toFile: folder + "/index.txt", atomically: true, encoding: .utf8)
    try "01\n".write(toFile: folder + "/serial", atomically: true, encoding: .utf8)
    try """
    [ca]
    default_ca = test
    [test]
    database = \(folder)/index.txt
    serial = \(folder)/serial
    new_certs_dir = \(folder)
    default_md = sha256
    policy = any
    [any]
    commonName = supplied
    """.write(toFile: folder + "/ca.cnf", atomically: true, encoding: .utf8)
    try run([
      "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", folder + "/key.pem", "-out",
      folder + "/request.csr", "-subj", "/CN=127.0.0.1",
    ])
    try run([
      "ca", "-config", folder + "/ca.cnf", "-selfsign", "-keyfile", folder + "/key.pem", "-in",
      folder + "/request.csr", "-out", folder + "/cert.pem", "-startdate", "20200101000000Z", "-enddate",
      "20200102000000Z", "-batch",
    ])
    return TestCertificate(folder: folder)
  }

  private static func run(_ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(filePath: "/usr/bin/env")
    process.arguments = ["openssl"] + arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw ServerError("openssl \(arguments[0]) failed") }
  }

  func remove() {
    try? FileManager.default.removeItem(atPath: folder)
  }
}
