import Foundation
import Logging
import ServiceLifecycle
import TranscriptStore

/// Watches the store for conversations that end and for urgent results nobody has opened, and tells every
/// open desk page; and keeps the index of every conversation that the queue and statistics are drawn
/// from, so that a page never reads the whole store. It polls the store, so that it sees what any server
/// wrote, to files or to a shared database; it is a service, ended before the web server at shutdown so
/// that no page's stream holds the server open.
public actor LiveFeed: Service {
  private let records: DeskRecords
  private let interval: Duration
  private let logger: Logger
  private var subscribers: [UUID: AsyncStream<LiveEvent>.Continuation] = [:]
  private var alerts: [LiveEvent.Alert] = []
  /// Every conversation seen, without its sign-offs (read afresh for each page).
  private var index: [String: QueueEntry] = [:]
  private var polled = false
  /// Why the last look at the store failed, while it has never succeeded.
  private var firstLookFailure: String?
  private var ticks = 0
  private var finished = false
  private var lastHeartbeat = ContinuousClock.now
  /// How often open pages hear from the feed when nothing happens, and check that their login stands.
  private let heartbeat: Duration

  public init(
    records: DeskRecords, interval: Duration = .seconds(1), heartbeat: Duration = .seconds(15), logger: Logger
  ) {
    self.records = records
    self.interval = interval
    self.heartbeat = heartbeat
    self.logger = logger
  }

  public func run() async throws {
    await cancelWhenGracefulShutdown { [self] in
      while !Task.isCancelled {
        await poll()
        try? await Task.sleep(for: interval)
      }
    }
    finished = true
    for subscriber in subscribers.values { subscriber.finish() }
    subscribers = [:]
  }

  /// A page's stream: the standing alerts at once, then what happens.
  func subscribe() -> (id: UUID, events: AsyncStream<LiveEvent>) {
    let id = UUID()
    let (events, continuation) = AsyncStream.makeStream(
      of: LiveEvent.self, bufferingPolicy: .bufferingNewest(64))
    continuation.onTermination = { [weak self] _ in
      Task { await self?.unsubscribe(id) }
    }
    continuation.yield(.alerts(alerts))
    // After shutdown began, a late page gets a stream that has already ended.
    guard !finished else {
      continuation.finish()
      return (id, events)
    }
    subscribers[id] = continuation
    return (id, events)
  }

  /// Every conversation, once the store has been looked at the first time; an error while it cannot be.
  func entries() async throws(StoreUnavailable) -> [QueueEntry] {
    while !polled {
      if let firstLookFailure { throw StoreUnavailable(reason: firstLookFailure) }
      try? await Task.sleep(for: .milliseconds(50))
    }
    return Array(index.values)
  }

  /// The store could not be read yet: the desk has nothing to show.
  struct StoreUnavailable: Error {
    var reason: String
  }

  /// The alerts standing now, for a page as it is first drawn.
  func standingAlerts() -> [LiveEvent.Alert] { alerts }

  /// A conversation was opened on this desk: its alert goes at once, everywhere.
  func opened(_ session: String) {
    let before = alerts.count
    alerts.removeAll { $0.session == session }
    if alerts.count != before { broadcast(.alerts(alerts)) }
  }

  private func unsubscribe(_ id: UUID) {
    subscribers[id] = nil
  }

  private func broadcast(_ event: LiveEvent) {
    for subscriber in subscribers.values { subscriber.yield(event) }
  }

  /// Reads what changed: new sessions and those not yet ended; and, while alerts stand, whether anyone
  /// opened or signed them (another desk may have).
  private func poll() async {
    let known = index
    // Whether anyone opened or signed a standing alert: this desk says so at once (`opened`); another
    // desk's doing is read from the audit log and sign-offs every fifth look.
    let checkOpened = !polled || (!alerts.isEmpty && ticks.isMultiple(of: 5))
    do {
      let change = try await records.run { records in
        try Self.look(records, known: known, checkOpened: checkOpened)
      }
      index.merge(change.entries) { $1 }
      var next = alerts
      if let opened = change.opened { next.removeAll { opened.contains($0.session) } }
      next += change.newAlerts.filter { alert in
        !(change.opened?.contains(alert.session) ?? false) && !next.contains { $0.session == alert.session }
      }
      if polled {
        for session in change.newlyEnded { broadcast(.ended(session: session)) }
      }
      // The newest first: the patient just told to call is the one to reach first.
      next.sort { $0.ended > $1.ended }
      if next != alerts {
        alerts = next
        broadcast(.alerts(alerts))
      }
      polled = true
      firstLookFailure = nil
    } catch {
      if !polled { firstLookFailure = "\(error)" }
      logger.error("the desk could not read the store", metadata: ["reason": "\(error)"])
    }
    ticks += 1
    if ContinuousClock.now - lastHeartbeat >= heartbeat {
      lastHeartbeat = .now
      broadcast(.heartbeat)
    }
  }

  private struct Change: Sendable {
    var newlyEnded: [String] = []
    var newAlerts: [LiveEvent.Alert] = []
    var entries: [String: QueueEntry] = [:]
    /// Sessions opened or signed off by anyone, when asked for.
    var opened: Set<String>?
  }

  /// Reads the sessions not in `known`, or there without an end.
  private static func look(_ records: DeskRecords, known: [String: QueueEntry], checkOpened: Bool) throws
    -> Change
  {
    var change = Change()
    let library = records.desk.library
    for session in try library.sessions() where known[session]?.ended == nil {
      let transcript = try library.transcript(of: session)
      let isEnded = transcript.end != nil
      let entry = QueueEntry(records.desk.entry(transcript))
      change.entries[session] = entry
      guard isEnded else { continue }
      change.newlyEnded.append(session)
      if entry.isAlerting, let end = entry.ended {
        change.newAlerts.append(
          .init(session: session, label: entry.label ?? "", kiosk: entry.kiosk, ended: end))
      }
    }
    if checkOpened || !change.newAlerts.isEmpty {
      var opened = Set(records.desk.signOffs.entries().compactMap { $0["session"] })
      for event in records.desk.audit.entries() where event["action"] == "view" {
        if let session = event["session"] { opened.insert(session) }
      }
      change.opened = opened
    }
    return change
  }
}
