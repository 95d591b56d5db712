/// Everything the kiosk reacts to, in the one order it handles them.
enum KioskEvent: Sendable {
  case input(InputEvent)
  case link(LinkEvent)
  /// A timer set under `generation` ran out; a later change of screen makes it stale.
  case timer(KioskTimer, generation: Int)
  /// Once a second: the idle check.
  case tick
  /// The terminal changed size: draw again.
  case resized
  /// SIGTERM or SIGHUP: clear the screen, give the terminal back and stop.
  case stop
}

enum KioskTimer: Sendable {
  /// No server has answered for a while: show the unavailable screen.
  case unavailable
  /// The digits typed for a choice numbered 10 or more have had time to be finished.
  case digits
}
