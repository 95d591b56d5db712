import NIOConcurrencyHelpers
import NIOCore

/// The open connections: counted against the limits, and reachable for a shutdown.
final class ConnectionRegistry: Sendable {
  private struct State {
    var perAddress: [String: Int] = [:]
    var channels: [ObjectIdentifier: any Channel] = [:]
    var shuttingDown = false
  }

  /// A pthread lock (NIO's), which ThreadSanitizer can follow, unlike Synchronization's `Mutex` on Linux.
  private let state = NIOLockedValueBox(State())
  private let maxTotal: Int
  private let maxPerAddress: Int

  init(maxTotal: Int, maxPerAddress: Int) {
    self.maxTotal = maxTotal
    self.maxPerAddress = maxPerAddress
  }

  /// Counts the connection in, or refuses it (false) when a limit is reached or the server is stopping.
  func admit(_ channel: any Channel, address: String) -> Bool {
    state.withLockedValue { state in
      guard !state.shuttingDown, state.channels.count < maxTotal,
        state.perAddress[address, default: 0] < maxPerAddress
      else { return false }
      state.perAddress[address, default: 0] += 1
      state.channels[ObjectIdentifier(channel)] = channel
      return true
    }
  }

  func release(_ channel: any Channel, address: String) {
    state.withLockedValue { state in
      guard state.channels.removeValue(forKey: ObjectIdentifier(channel)) != nil else { return }
      state.perAddress[address, default: 1] -= 1
      if state.perAddress[address] == 0 { state.perAddress[address] = nil }
    }
  }

  var count: Int { state.withLockedValue { $0.channels.count } }

  var isShuttingDown: Bool { state.withLockedValue { $0.shuttingDown } }

  /// Stops admitting, and returns every open connection, to be told of the shutdown.
  func beginShutdown() -> [any Channel] {
    state.withLockedValue { state in
      state.shuttingDown = true
      return Array(state.channels.values)
    }
  }
}
