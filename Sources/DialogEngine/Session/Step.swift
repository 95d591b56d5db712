/// The result of one step: the session after it, what to show the patient, what was read from the
/// patient's line (for the transcript), and the question now waiting for an answer.
public struct Step: Sendable {
  public var session: Session
  public var events: [Event]
  public var reading: Reading?
  /// The question the patient is answering now; nil once the conversation is over. Front ends read it
  /// here instead of searching past events for the last one asked.
  public var question: Question?

  public init(session: Session, events: [Event], reading: Reading? = nil) {
    self.session = session
    self.events = events
    self.reading = reading
  }
}
