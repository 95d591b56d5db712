/// The result of one step: the session after it, what to show the patient, and what was read from the
/// patient's line (for the transcript).
public struct Step: Sendable {
  public var session: Session
  public var events: [Event]
  public var reading: Reading?

  public init(session: Session, events: [Event], reading: Reading? = nil) {
    self.session = session
    self.events = events
    self.reading = reading
  }
}
