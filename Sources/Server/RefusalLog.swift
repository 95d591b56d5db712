import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Logs refused connections without flooding the log: the first at once, then at most one line per
/// interval that counts the refusals since the last, as a flood of attempts would otherwise write a line
/// for each (10,000 for 20,000 attempts).
final class RefusalLog: Sendable {
  private struct State {
    var lastLogged: NIODeadline?
    var unlogged = 0
    var peers: Set<String> = []
  }

  private let state = NIOLockedValueBox(State())
  private let logger: Logger
  private let interval: TimeAmount

  init(logger: Logger, interval: TimeAmount = .seconds(10)) {
    self.logger = logger
    self.interval = interval
  }

  /// One connection refused, from `peer`, because `reason`.
  func refused(peer: String, reason: String) {
    let now = NIODeadline.now()
    let report: (count: Int, peers: Int)? = state.withLockedValue { state in
      state.unlogged += 1
      if state.peers.count < 1000 { state.peers.insert(peer) }
      guard state.lastLogged.map({ now - $0 >= interval }) ?? true else { return nil }
      defer {
        state.lastLogged = now
        state.unlogged = 0
        state.peers = []
      }
      return (state.unlogged, state.peers.count)
    }
    guard let report else { return }
    log(report.count, reason: reason, metadata: ["addresses": "\(report.peers)"])
  }

  /// Logs what was refused since the last line, as the server stops.
  func flush(reason: String) {
    let count = state.withLockedValue { state in
      defer { state.unlogged = 0 }
      return state.unlogged
    }
    if count > 0 { log(count, reason: reason) }
  }

  private func log(_ count: Int, reason: String, metadata: Logger.Metadata = [:]) {
    logger.warning(
      "connections refused: \(reason)",
      metadata: metadata.merging(["refused": "\(count)", "since": "the last such line"]) { $1 })
  }
}
