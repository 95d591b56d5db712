import Consultation
import DialogEngine
import Foundation
import NIOConcurrencyHelpers
import TranscriptStore

/// Conversations whose connection dropped, waiting out their resume window: each is ended as abandoned
/// once its window has passed without a resumption (`Consultation.expire` looks at the transcript, so one
/// resumed on another server is left alone). With a shared store it also sweeps up what other servers
/// left open when they stopped or died. Runs beside the server, as the heap trimmer does.
final class ResumeExpiry: Sendable {
  private struct Waiting: Sendable {
    var due: ContinuousClock.Instant
    var conversation: Consultation.Detached
  }

  private let window: Duration
  private let sink: any TranscriptSink
  private let engine: Engine
  private let waiting = NIOLockedValueBox<[Waiting]>([])

  init(window: Duration, sink: any TranscriptSink, engine: Engine) {
    self.window = window
    self.sink = sink
    self.engine = engine
  }

  func wait(for conversation: Consultation.Detached) {
    let due = ContinuousClock.now + window
    waiting.withLockedValue { $0.append(Waiting(due: due, conversation: conversation)) }
  }

  /// Ends what falls due, once a second, and sweeps a shared store as often as its window (at most once a
  /// minute), until cancelled.
  func run() async {
    let sweepEvery = min(window, .seconds(60))
    var swept = ContinuousClock.now
    while !Task.isCancelled {
      try? await Task.sleep(for: .seconds(1))
      await endDue(before: .now)
      if sink.isShared, ContinuousClock.now - swept >= sweepEvery {
        swept = .now
        await sweep()
      }
    }
  }

  /// Ends, as abandoned, every conversation on the shared store that nobody has driven for the window and
  /// no server holds.
  private func sweep() async {
    for session in await sink.unfinished(quietFor: window) {
      guard await sink.hold(session) else { continue }
      _ = await Consultation.abandon(session, engine: engine, transcripts: sink)
      await sink.letGo(session)
    }
  }

  /// Ends every conversation still waiting, as the server stops: with the file store nobody could resume
  /// it after this process, and a transcript left open would read as a crash.
  func endAll() async {
    await endDue(before: nil)
  }

  private func endDue(before now: ContinuousClock.Instant?) async {
    let due = waiting.withLockedValue { waiting in
      let (due, later) = waiting.partitioned { item in now.map { item.due <= $0 } ?? true }
      waiting = later
      return due
    }
    for item in due {
      let session = item.conversation.session
      // A connection resuming it now holds it: it is not abandoned.
      guard await sink.hold(session) else { continue }
      _ = await Consultation.expire(item.conversation, transcripts: sink)
      await sink.letGo(session)
    }
  }
}

extension Array {
  /// The elements that satisfy `belongs`, and those that do not, each in order.
  fileprivate func partitioned(_ belongs: (Element) -> Bool) -> ([Element], [Element]) {
    var yes: [Element] = []
    var no: [Element] = []
    for element in self {
      if belongs(element) { yes.append(element) } else { no.append(element) }
    }
    return (yes, no)
  }
}
