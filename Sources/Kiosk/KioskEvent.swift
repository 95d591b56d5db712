/// Everything the kiosk reacts to, in the one order it handles them.
enum KioskEvent: Sendable {
  case input(Keyboard.Stamped)
  case link(LinkEvent)
  /// No server has answered for the kiosk's patience, counted from the drop numbered `drop`: show the
  /// unavailable screen, unless one has answered since.
  case patienceOver(drop: Int)
  /// The answer numbered `sent` has had no reply for the kiosk's patience: the server may have vanished.
  case replyOverdue(sent: Int)
  /// Once a second: the idle check.
  case tick
  /// The terminal changed size: draw again.
  case resized
  /// SIGTERM or SIGHUP: clear the screen, give the terminal back and stop.
  case stop
}
