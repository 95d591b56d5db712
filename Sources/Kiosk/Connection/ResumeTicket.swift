import Synchronization

/// The conversation a dropped connection should take up again: followed by the link from the messages
/// it passes on, and let go of by the kiosk when the patient has walked away. A conversation let go of
/// is never taken up again, even by a resumption already under way when it was, so that the next
/// patient is never shown the last one's conversation.
public final class ResumeTicket: Sendable {
  public struct Held: Sendable, Equatable {
    public var session: String
    public var token: String
  }

  private struct State {
    var held: Held?
    /// The sessions let go of lately (the last few are enough: a resumption races only the newest).
    var abandoned: [String] = []
  }

  private let state = Mutex(State())

  public init() {}

  public var current: Held? { state.withLock { $0.held } }

  /// Holds `ticket` to resume after a drop, unless its conversation was let go of.
  func hold(_ ticket: Held) {
    state.withLock { state in
      if !state.abandoned.contains(ticket.session) { state.held = ticket }
    }
  }

  /// Whether `session` was let go of: its conversation must not go on.
  func isAbandoned(_ session: String) -> Bool {
    state.withLock { $0.abandoned.contains(session) }
  }

  /// The conversation is not to be resumed: the next connection begins a new one.
  public func letGo() {
    state.withLock { state in
      if let session = state.held?.session {
        state.abandoned = Array((state.abandoned + [session]).suffix(8))
      }
      state.held = nil
    }
  }
}
