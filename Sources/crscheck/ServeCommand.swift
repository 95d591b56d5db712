import ArgumentParser
import DialogEngine
import Logging
import NIOCore
import PostgresStore
import Server
import ServiceLifecycle
import TranscriptStore

struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Serve conversations to kiosks over a TCP line protocol (docs/PROTOCOL.md).",
    discussion: """
      Conversations are health information, so traffic that leaves this machine must be encrypted: the
      server listens on 127.0.0.1 unless told otherwise, and refuses any other address without
      --tls-cert and --tls-key, unless --insecure-plaintext says the network is trusted. SIGTERM or
      SIGINT stops it gracefully: every connected patient is told where to get help and every transcript
      is closed.
      """
  )

  @Option(help: "The address to listen on.")
  var host = "127.0.0.1"

  @Option(help: "The TCP port (0 picks a free one).")
  var port = 7000

  @Option(help: "The dialog to run.")
  var dialog = "Dialogs/crs.yaml"

  @OptionGroup var store: StoreOptions

  @Option(help: "When transcript writes are synced to disk: always, batch (every 50 ms) or never.")
  var fsync: SyncPolicy = .batch

  @Flag(help: "Start a fresh conversation on the same connection after each result or idle spell.")
  var kiosk = false

  @Option(help: "Kiosk mode: seconds without a line before the conversation is reset.")
  var kioskIdle = 180

  @Option(help: "A file of `kiosk-id token` lines; connections must identify themselves.")
  var kioskTokens: String?

  @OptionGroup var tls: TLSOptions

  @Option(help: "Require client certificates signed by this CA (PEM).")
  var tlsClientCa: String?

  @Option(help: "The longest line accepted, in bytes.")
  var maxLine = 4096

  @Option(help: "The most connections at once.")
  var maxConnections = 10_000

  @Option(help: "The most connections at once from one address.")
  var maxPerAddress = 64

  @Option(help: "Seconds without a line before a conversation is closed.")
  var idle = 600

  @Option(
    help: "Seconds within which a kiosk whose connection dropped can resume its conversation with its token.")
  var resumeWindow = 600

  @Flag(help: "Read the PROXY protocol header (v2 or v1) that a load balancer such as HAProxy sends first.")
  var proxyProtocol = false

  @Option(
    help: ArgumentHelp(
      "The load balancers trusted to send a PROXY header, by IP address, comma-separated.",
      valueName: "addr[,addr...]"))
  var trustedProxy: String?

  /// The trusted proxies' addresses, written as the server compares them.
  private var trustedProxies: Set<String>? {
    get throws {
      guard proxyProtocol, let trustedProxy else { return nil }
      return Set(
        try trustedProxy.split(separator: ",").map { text in
          let text = text.trimmingCharacters(in: .whitespaces)
          guard let address = try? SocketAddress(ipAddress: text, port: 0), let ip = address.ipAddress else {
            throw ValidationError("--trusted-proxy: \(text) is not an IP address")
          }
          return ip
        })
    }
  }

  func validate() throws {
    if proxyProtocol != (trustedProxy != nil) {
      throw ValidationError(
        "--proxy-protocol and --trusted-proxy go together: say which proxies send the header")
    }
    _ = try trustedProxies
    if resumeWindow < 1 { throw ValidationError("--resume-window must be at least 1 second") }
    if tlsClientCa != nil && tls.files == nil {
      throw ValidationError("--tls-client-ca needs --tls-cert and --tls-key")
    }
  }

  func run() async throws {
    let loaded = try DialogLoader.loadForCommand(path: dialog)
    var configuration = ServerConfiguration()
    configuration.host = host
    configuration.port = port
    configuration.syncPolicy = fsync
    configuration.kiosk = kiosk
    configuration.kioskIdle = .seconds(kioskIdle)
    configuration.maxLineLength = maxLine
    configuration.maxConnections = maxConnections
    configuration.maxConnectionsPerAddress = maxPerAddress
    configuration.idleTimeout = .seconds(idle)
    configuration.resumeWindow = .seconds(resumeWindow)
    configuration.trustedProxies = try trustedProxies
    if let files = tls.files {
      configuration.tls = .init(certificate: files.certificate, key: files.key, clientCA: tlsClientCa)
    }
    do {
      configuration.kioskTokens = try kioskTokens.map { path throws(ServerError) in
        try KioskTokens(contentsOf: path)
      }
      if tls.insecurePlaintext && configuration.tls == nil { configuration.allowsPlaintextOffLoopback = true }
      let needed = OpenFileLimit.needed(forConnections: maxConnections)
      let allowed = OpenFileLimit.raise(toAtLeast: needed)
      if allowed < needed {
        // Conversations are counted against the descriptors before they are accepted: past what the
        // limit can hold, a client gets the BUSY line with the emergency number, never silence.
        configuration.maxConnections = OpenFileLimit.connections(within: allowed)
        Console.error(
          "crscheck serve: warning: open files are limited to \(allowed) (ulimit -n), and "
            + "\(maxConnections) connections need \(needed): at most \(configuration.maxConnections) "
            + "conversations are served at once, and others are told the service is busy. Raise the hard "
            + "limit or lower --max-connections.")
      }
      let logger = Logger(label: "crscheck.serve")
      let listening: @Sendable (Int) -> Void = { port in
        Console.write("crscheck serve: listening on \(host) port \(port)")
      }
      let services: [any Service]
      switch try store.location {
      case .files(let root):
        configuration.transcripts = root
        services = [
          try CRSServer(configuration: configuration, dialog: loaded, logger: logger, onListening: listening)
        ]
      case .postgres(let location):
        // The store is listed first, so the server stops before it and every line is committed.
        let sink = try PostgresTranscriptSink(location: location, logger: logger)
        services = [
          sink,
          try CRSServer(
            configuration: configuration, engine: Engine(dialog: loaded), logger: logger, sink: sink,
            beforeListening: { try await sink.checkSchema() }, onListening: listening),
        ]
      }
      try await ServiceGroup.runUntilSignalled(services, logger: logger)
    } catch let error as ServerError {
      Console.error("crscheck serve: \(error)")
      throw ExitCode.failure
    } catch let error as PostgresStoreError {
      Console.error("crscheck serve: \(error)")
      throw ExitCode.failure
    }
  }
}
