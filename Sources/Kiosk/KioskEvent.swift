/// Everything the kiosk reacts to, in the one order it handles them.
enum KioskEvent: Sendable {
  case input(InputEvent)
  case link(LinkEvent)
  /// No server has answered for the kiosk's patience, counted from the drop numbered `drop`: show the
  /// unavailable screen, unless one has answered since.
  case patienceOver(drop: Int)
  /// Once a second: the idle check.
  case tick
  /// The terminal changed size: draw again.
  case resized
  /// SIGTERM or SIGHUP: clear the screen, give the terminal back and stop.
  case stop
}
