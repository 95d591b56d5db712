import NIOCore
import Synchronization

/// The open connections: counted against the limits, and reachable for a shutdown.
final class ConnectionRegistry: Sendable {
  private struct State {
    var perAddress: [String: Int] = [:]
    var channels: [ObjectIdentifier: any Channel] = [:]
    var shuttingDown = false
  }

  private let state = Mutex(State())
  private let maxTotal: Int
  private let maxPerAddress: Int

  init(maxTotal: Int, maxPerAddress: Int) {
    self.maxTotal = maxTotal
    self.maxPerAddress = maxPerAddress
  }

  /// Counts the connection in, or refuses it (false) when a limit is reached or the server is stopping.
  func admit(_ channel: any Channel, address: String) -> Bool {
    state.withLock { state in
      guard !state.shuttingDown, state.channels.count < maxTotal,
        state.perAddress[address, default: 0] < maxPerAddress
      else { return false }
      state.perAddress[address, default: 0] += 1
      state.channels[ObjectIdentifier(channel)] = channel
      return true
    }
  }

  func release(_ channel: any Channel, address: String) {
    state.withLock { state in
      guard state.channels.removeValue(forKey: ObjectIdentifier(channel)) != nil else { return }
      state.perAddress[address, default: 1] -= 1
      if state.perAddress[address] == 0 { state.perAddress[address] = nil }
    }
  }

  var count: Int { state.withLock { $0.channels.count } }

  var isShuttingDown: Bool { state.withLock { $0.shuttingDown } }

  /// Stops admitting, and returns every open connection, to be told of the shutdown.
  func beginShutdown() -> [any Channel] {
    state.withLock { state in
      state.shuttingDown = true
      return Array(state.channels.values)
    }
  }
}
