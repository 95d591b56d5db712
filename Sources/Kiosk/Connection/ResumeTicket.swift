import Synchronization

/// The conversation a dropped connection should take up again: followed by the link from the messages
/// it passes on, and let go of by the kiosk when the patient has walked away, so that the next patient
/// is never shown the last one's conversation.
public final class ResumeTicket: Sendable {
  public struct Held: Sendable, Equatable {
    public var session: String
    public var token: String
  }

  private let held = Mutex<Held?>(nil)

  public init() {}

  public var current: Held? { held.withLock { $0 } }

  func hold(_ ticket: Held?) { held.withLock { $0 = ticket } }

  /// The conversation is not to be resumed: the next connection begins a new one.
  public func letGo() { hold(nil) }
}
