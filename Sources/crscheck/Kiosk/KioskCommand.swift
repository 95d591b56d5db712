import ArgumentParser
import DialogEngine
import Foundation
import Kiosk
import Logging
import NIOCore
import NIOSSL
import Server

struct KioskCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kiosk",
    abstract: "The kiosk's own program: a full-screen front end to `crscheck serve` for patients.",
    discussion: """
      Connects to the servers given (the next one when one fails), speaks the JSON Lines protocol and
      shows a patient one clear screen at a time. A dropped connection is resumed where it was; while no
      server answers, a steady screen says the checker is unavailable and gives the emergency number. A
      patient's keys cannot stop it (Ctrl-C, Ctrl-Z and Ctrl-\\ are ignored): stop it with SIGTERM.
      Its log (--log) holds connections, session ids and error codes, never what a patient typed.
      """
  )

  @Argument(help: ArgumentHelp("The servers, tried in turn.", valueName: "host:port[,host:port...]"))
  var servers: String

  @Option(help: "This kiosk's id, as in the server's --kiosk-tokens file.")
  var kioskId: String?

  @Option(help: "A file whose first line is this kiosk's token (keep it readable by the kiosk alone).")
  var tokenFile: String?

  @Option(help: "The CA that signed the servers' certificates (PEM): connect with TLS.")
  var tlsCa: String?

  /// The kiosk's client certificate (for a server with --tls-client-ca) and its leave to go without TLS
  /// off loopback: the same options as serve's and desk's.
  @OptionGroup var tls: TLSOptions

  @Option(help: "The clinic's own line shown under the advice, e.g. \"Tell the front desk, or call …\".")
  var helpLine: String?

  @Option(help: "Seconds without a key before a begun conversation is abandoned for the next patient.")
  var idle = 120

  @Option(help: "The language each conversation begins in (a code the server's dialog has, such as es).")
  var language: String?

  @Flag(help: "For screen readers and braille displays: one message per line, no screen clearing.")
  var plain = false

  @Option(help: "The dialog whose kiosk words are shown before any server has answered.")
  var dialog = "Dialogs/crs.yaml"

  @Option(help: "Append the kiosk's log to this file (otherwise standard error, when it is not the screen).")
  var log: String?

  func validate() throws {
    if (kioskId == nil) != (tokenFile == nil) { throw ValidationError(KioskError.tokenWithoutID.description) }
    if tls.files != nil && tlsCa == nil { throw ValidationError("--tls-cert needs --tls-ca") }
    if idle < 5 { throw ValidationError("--idle must be at least 5 seconds") }
  }

  func run() async throws {
    let endpoints: [Endpoint]
    switch Endpoint.list(servers) {
    case .success(let list): endpoints = list
    case .failure(let error): throw ValidationError(error.description)
    }
    // Judged on the resolved address, as serve and desk judge theirs: `127.example.org` may be anywhere.
    if tlsCa == nil, !tls.insecurePlaintext,
      let remote = endpoints.first(where: { endpoint in
        let address = try? SocketAddress.makeAddressResolvingHost(endpoint.host, port: endpoint.port)
        return !(address.map(ServerConfiguration.isLoopback) ?? false)
      })
    {
      throw ValidationError(KioskError.plaintextOffLoopback(remote.description).description)
    }
    let identity = KioskIdentity(kioskID: kioskId, tokenFile: tokenFile)
    do {
      _ = try identity.token()
    } catch {
      throw ValidationError(error.description)
    }
    let tls = try makeTLS()
    try startLog()
    // A patient's keys do not stop an unattended kiosk; staff stop it with SIGTERM.
    for signal in [SIGINT, SIGQUIT, SIGTSTP] { Foundation.signal(signal, SIG_IGN) }
    // The kiosk's words in the local dialog stand until a server's hello brings its own; without them it
    // could not give the emergency number while no server answers, so it does not start.
    let words = KioskWords.of(try DialogLoader.loadForCommand(path: dialog))
    if let language = words.keys.sorted().first(where: { words[$0]?.isUsable != true }) {
      throw ValidationError(
        "\(dialog) has no kiosk_unavailable notice in \(language): the kiosk must be able to show the "
          + "emergency number while no server answers")
    }
    let logger = Logger(label: "crscheck.kiosk")
    logger.info("kiosk starting", metadata: ["servers": "\(servers)", "kiosk": "\(kioskId ?? "none")"])
    var link = ServerLink(endpoints: endpoints, tls: tls, identity: identity, logger: logger)
    link.language = language
    let loop = KioskLoop(
      settings: KioskSettings(helpLine: helpLine, kioskID: kioskId, plain: plain), link: link,
      idle: .seconds(idle), words: words, logger: logger)
    await loop.run()
  }

  private func makeTLS() throws -> NIOSSLContext? {
    guard let tlsCa else { return nil }
    do {
      var configuration = TLSConfiguration.makeClientConfiguration()
      configuration.minimumTLSVersion = .tlsv12
      configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(tlsCa))
      if let (certificate, key) = tls.files {
        configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map {
          .certificate($0)
        }
        configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
      }
      return try NIOSSLContext(configuration: configuration)
    } catch {
      throw ValidationError(KioskError.tls("\(error)").description)
    }
  }

  /// The log goes to --log, or to standard error unless that is the patient's screen.
  private func startLog() throws {
    if let log {
      let file = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
      guard file >= 0, dup2(file, 2) >= 0 else {
        throw ValidationError(KioskError.unreadableFile(log, String(cString: strerror(errno))).description)
      }
      close(file)
      LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
    } else if isatty(2) != 0 {
      LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
    }
  }
}
