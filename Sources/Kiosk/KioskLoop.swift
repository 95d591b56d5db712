import Dispatch
import Logging

#if canImport(Glibc)
  import Glibc
#endif

/// The kiosk: server messages and the patient's keys in, screens and answers out. One event stream
/// carries keys, messages, timers and signals, and `KioskState` handles them one at a time, so the order
/// of what a patient sees is the order things happened.
public struct KioskLoop: Sendable {
  public var settings: KioskSettings
  public var link: ServerLink
  /// Without a key for this long, a begun conversation is abandoned and the welcome screen returns.
  public var idle: Duration
  /// How long without a server before the unavailable screen replaces the last one (so a quick
  /// reconnection goes unseen).
  public var patience: Duration = .seconds(3)
  /// The kiosk's words from the local dialog, for before any server has answered.
  public var words: [String: KioskWords]
  public var logger: Logger

  public init(
    settings: KioskSettings, link: ServerLink, idle: Duration, words: [String: KioskWords], logger: Logger
  ) {
    self.settings = settings
    self.link = link
    self.idle = idle
    self.words = words
    self.logger = logger
  }

  /// Runs until the terminal closes, or SIGTERM or SIGHUP.
  public func run() async {
    let (events, sink) = AsyncStream<KioskEvent>.makeStream()
    let keyboard = Keyboard.shared
    await withDiscardingTaskGroup { group in
      group.addTask {
        for await stamped in keyboard.events() { sink.yield(.input(stamped)) }
      }
      group.addTask { await link.run { sink.yield(.link($0)) } }
      group.addTask {
        while !Task.isCancelled {
          try? await Task.sleep(for: .seconds(1))
          sink.yield(.tick)
        }
      }
      let signals = Self.watchSignals(sink)
      var state = KioskState(loop: self, keyboard: keyboard, sink: sink)
      await state.start()
      for await event in events {
        if await state.handle(event) == false { break }
      }
      signals.forEach { $0.cancel() }
      await state.stop()
      keyboard.restoreTerminal()
      group.cancelAll()
    }
  }

  /// SIGTERM and SIGHUP stop the kiosk cleanly; SIGWINCH redraws it.
  private static func watchSignals(_ sink: AsyncStream<KioskEvent>.Continuation) -> [any DispatchSourceSignal]
  {
    [(SIGTERM, KioskEvent.stop), (SIGHUP, .stop), (SIGWINCH, .resized)].map { signal, event in
      Glibc.signal(signal, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signal)
      source.setEventHandler { sink.yield(event) }
      source.resume()
      return source
    }
  }
}
