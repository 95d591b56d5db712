import Foundation
import Logging
import ServiceLifecycle
import TranscriptStore

/// Watches the store for conversations that end and for urgent results nobody has opened, and tells every
/// open desk page. It polls the store, so that it sees what any server wrote, to files or to a shared
/// database; it is a service, ended before the web server at shutdown so that no page's stream holds the
/// server open.
public actor LiveFeed: Service {
  private let records: DeskRecords
  private let interval: Duration
  private let logger: Logger
  private var subscribers: [UUID: AsyncStream<LiveEvent>.Continuation] = [:]
  /// Sessions seen, and whether each has ended.
  private var ended: [String: Bool] = [:]
  private var alerts: [LiveEvent.Alert] = []
  private var polled = false
  private var ticks = 0

  public init(records: DeskRecords, interval: Duration = .seconds(1), logger: Logger) {
    self.records = records
    self.interval = interval
    self.logger = logger
  }

  public func run() async throws {
    await cancelWhenGracefulShutdown { [self] in
      while !Task.isCancelled {
        await poll()
        try? await Task.sleep(for: interval)
      }
    }
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
    subscribers[id] = continuation
    return (id, events)
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
    let known = ended
    let checkOpened = !alerts.isEmpty || !polled
    do {
      let change = try await records.run { records in
        try Self.look(records, known: known, checkOpened: checkOpened)
      }
      for session in change.sessions.keys { ended[session] = change.sessions[session] }
      var next = alerts
      if let opened = change.opened { next.removeAll { opened.contains($0.session) } }
      next += change.newAlerts.filter { alert in
        !(change.opened?.contains(alert.session) ?? false) && !next.contains { $0.session == alert.session }
      }
      if polled {
        for session in change.newlyEnded { broadcast(.ended(session: session)) }
      }
      if next != alerts {
        alerts = next
        broadcast(.alerts(alerts))
      }
      polled = true
    } catch {
      logger.error("the desk could not read the store", metadata: ["reason": "\(error)"])
    }
    ticks += 1
    if ticks.isMultiple(of: 15) { broadcast(.heartbeat) }
  }

  private struct Change: Sendable {
    var sessions: [String: Bool] = [:]
    var newlyEnded: [String] = []
    var newAlerts: [LiveEvent.Alert] = []
    /// Sessions opened or signed off by anyone, when asked for.
    var opened: Set<String>?
  }

  private static func look(_ records: DeskRecords, known: [String: Bool], checkOpened: Bool) throws -> Change
  {
    var change = Change()
    let library = records.desk.library
    for session in try library.sessions() where known[session] != true {
      let transcript = try library.transcript(of: session)
      let isEnded = transcript.end != nil
      change.sessions[session] = isEnded
      guard isEnded else { continue }
      change.newlyEnded.append(session)
      let entry = QueueEntry(entry: records.desk.entry(transcript), signOffs: [])
      if entry.isAlerting, let end = entry.ended {
        change.newAlerts.append(
          .init(session: session, label: entry.outcome?.label ?? "", kiosk: entry.kiosk, ended: end))
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
