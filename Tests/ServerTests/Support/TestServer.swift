import DialogEngine
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import TranscriptStore

@testable import Server

/// A real `CRSServer` on 127.0.0.1 and an ephemeral port, run in-process for one test and shut down
/// gracefully at its end.
final class TestServer: Sendable {
  static let dialog = try! DialogLoader.load(
    path: URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
      .deletingLastPathComponent().appending(path: "Dialogs/crs.yaml").path)
  /// One engine for every test server: building its understanding takes longer than a test's talk.
  static let engine = Engine(dialog: dialog)

  let port: Int
  let transcripts: String
  private let server: CRSServer
  private let group: ServiceGroup
  private let task: Task<Void, any Error>

  /// Starts a server; `configure` adjusts the defaults (the transcripts folder is a fresh temporary one).
  /// `logs` receives what the server logs; `disk` stands in for fdatasync, to make it fail.
  static func start(
    logs: LogRecorder? = nil, disk: FailingDisk? = nil,
    _ configure: (inout ServerConfiguration) -> Void = { _ in }
  ) async throws -> TestServer {
    var configuration = ServerConfiguration()
    configuration.port = 0
    configuration.transcripts =
      FileManager.default.temporaryDirectory.appending(path: "server-\(UUID())").path
    configure(&configuration)
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    var logger =
      logs.map { Logger(label: "test-server", factory: $0.handler) } ?? Logger(label: "test-server")
    logger.logLevel = logs == nil ? .warning : .info
    let store =
      disk.map {
        TranscriptStore(
          root: configuration.transcripts, policy: configuration.syncPolicy, syncData: $0.syncData)
      } ?? TranscriptStore(root: configuration.transcripts, policy: configuration.syncPolicy)
    let server = try CRSServer(
      configuration: configuration, engine: engine, logger: logger, transcripts: store
    ) { port in
      continuation.yield(port)
      continuation.finish()
    }
    let group = ServiceGroup(services: [server], logger: logger)
    let task = Task { try await group.run() }
    guard let port = await ports.first(where: { _ in true }) else { throw CancellationError() }
    return TestServer(
      port: port, transcripts: configuration.transcripts, server: server, group: group, task: task)
  }

  private init(
    port: Int, transcripts: String, server: CRSServer, group: ServiceGroup, task: Task<Void, any Error>
  ) {
    self.port = port
    self.transcripts = transcripts
    self.server = server
    self.group = group
    self.task = task
  }

  /// The connections the server counts as open.
  var openConnections: Int { server.registry.count }

  /// Stops admitting connections, as a graceful shutdown does first, without closing the listener.
  func beginShutdown() -> Int { server.registry.beginShutdown().count }

  /// Shuts down gracefully and waits until every connection and transcript is closed.
  func stop() async throws {
    await group.triggerGracefulShutdown()
    try await task.value
  }

  func removeTranscripts() {
    try? FileManager.default.removeItem(atPath: transcripts)
  }

  /// Every transcript written, each as its records (JSON objects).
  func transcriptRecords() throws -> [[[String: Any]]] {
    let files =
      FileManager.default.enumerator(atPath: transcripts)?.compactMap { $0 as? String }.filter {
        $0.hasSuffix(".jsonl") && !$0.hasSuffix("index.jsonl")
      } ?? []
    return try files.sorted().map { file in
      try String(contentsOfFile: "\(transcripts)/\(file)", encoding: .utf8).split(separator: "\n").map {
        try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
      }
    }
  }
}
