import ArgumentParser
import Desk
import Foundation
import Logging
import NIOCore
import PostgresStore
import Server
import ServiceLifecycle
import TranscriptStore

struct DeskServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Serve the review desk: the live queue, conversations, sign-off, statistics, accounts.",
    discussion: """
      Staff log in with accounts made by `crscheck desk user add`. The desk listens on loopback unless told \
      otherwise; another address needs --tls-cert and --tls-key, unless --insecure-plaintext says the \
      network is trusted. SIGTERM or SIGINT stops it gracefully.
      """)

  @OptionGroup var store: StoreOptions

  @Option(help: "The address to listen on.")
  var host = "127.0.0.1"

  @Option(help: "The TCP port (0 picks a free one).")
  var port = 8080

  @OptionGroup var tls: TLSOptions

  @Option(
    help: ArgumentHelp("Seconds between looks at the store for new conversations.", visibility: .hidden))
  var poll = 1.0

  @Option(help: ArgumentHelp("Seconds without activity that end a login (15 minutes).", visibility: .hidden))
  var idle = 900

  func validate() throws {
    if poll <= 0 { throw ValidationError("--poll must be more than 0 seconds") }
    if idle < 1 { throw ValidationError("--idle must be at least 1 second") }
  }

  func run() async throws {
    var configuration = DeskConfiguration()
    configuration.host = host
    configuration.port = port
    configuration.poll = .milliseconds(Int64(poll * 1000))
    configuration.idle = .seconds(idle)
    configuration.tls = tls.files
    if configuration.tls == nil && !tls.insecurePlaintext {
      let address = try? SocketAddress.makeAddressResolvingHost(host, port: 0)
      guard let address, ServerConfiguration.isLoopback(address) else {
        Console.error(
          "crscheck desk: \(host) is not a loopback address: give --tls-cert and --tls-key, or "
            + "--insecure-plaintext if the network is trusted")
        throw ExitCode.failure
      }
    }
    let logger = Logger(label: "crscheck.desk")
    let scheme = configuration.tls == nil ? "http" : "https"
    let listening: @Sendable (Int) -> Void = { port in
      Console.write("crscheck desk: listening on \(scheme)://\(host):\(port)/")
    }
    do {
      var services: [any Service] = []
      let library: any TranscriptLibrary
      switch try store.location {
      case .files(let root):
        library = TranscriptArchive(root: root)
      case .postgres(let location):
        // The store is listed first, so the desk stops before it.
        let sink = try PostgresTranscriptSink(location: location, logger: logger)
        services.append(sink)
        library = PostgresLibrary(sink: sink)
        services.append(SchemaCheck(sink: sink))
      }
      services += try DeskServer(
        library: library, configuration: configuration, logger: logger, onListening: listening
      ).services
      try await ServiceGroup.runUntilSignalled(services, logger: logger)
    } catch let error as PostgresStoreError {
      Console.error("crscheck desk: \(error)")
      throw ExitCode.failure
    }
  }

  /// Refuses to serve a database whose schema this build does not know, before the desk listens.
  private struct SchemaCheck: Service {
    let sink: PostgresTranscriptSink

    func run() async throws {
      try await sink.checkSchema()
      try? await gracefulShutdown()
    }
  }
}
