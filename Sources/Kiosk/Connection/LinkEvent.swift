/// What the connection to the servers tells the kiosk.
public enum LinkEvent: Sendable {
  /// A server has answered the kiosk's hello; answers go through `outbox` from now on. `resumed`: it took
  /// up the conversation in progress, and will ask its standing question again.
  case connected(Outbox, resumed: Bool)
  case message(ServerMessage)
  /// The connection ended or could not be made; the link is already trying again.
  case lost
  /// The conversation could not be taken up again (too late, or ended); a new one has begun.
  case resumeRefused
  /// The server refused this kiosk's identity: staff must fix its id or token.
  case refused
}
