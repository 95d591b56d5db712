/// When transcript writes are made durable with fsync. `write()` returning survives the process dying
/// (kill -9), not the machine losing power; these choose the price of the second.
public enum SyncPolicy: String, Sendable, CaseIterable {
  /// fdatasync after every record.
  case always
  /// Group commit: every pending write is synced at least every 50 ms, and before a session's end is
  /// acknowledged.
  case batch
  /// Leave it to the operating system.
  case never
}
