import Crypto

#if canImport(Glibc)
  import Glibc
#endif

/// Appends finished sessions' entries to the day indexes (`YYYY/MM/DD/index.jsonl`): each a session's last
/// hash, against truncation, linked to the entry appended before it in any day, against deletion. Entries
/// that end together share one write and one fsync per day file: the index's part of the group commit.
final class DayIndexAppender: Sendable {
  /// A finished session's entry and the day folder it goes to.
  struct Item: Sendable {
    var entry: DayIndex.Entry
    var folder: String
  }

  private let root: String
  private let durability: Durability
  private let state = LockedState(State())

  private struct State {
    /// The day indexes known to exist, so a new one's folder is synced once.
    var known: Set<String> = []
    /// The hash of the last entry appended, in any day's index: the next entry's `link`. Found on disk
    /// at the first append (the newest week of day folders is searched).
    var head: String?
    var headKnown = false
  }

  init(root: String, durability: Durability) {
    self.root = root
    self.durability = durability
  }

  /// Appends the items in order, each linked to the one before; the result says, item by item, whether it
  /// was written. Held under the lock throughout, so that a partial write is cut back before the next.
  func append(_ items: [Item]) -> [TranscriptError?] {
    var results = [TranscriptError?](repeating: nil, count: items.count)
    state.withLock { state in
      if !state.headKnown {
        state.head = IndexChain(root: root, recentDays: 7).head
        state.headKnown = true
      }
      var start = 0
      while start < items.count {
        // A run of items for the same day goes in one write.
        var end = start + 1
        while end < items.count, items[end].folder == items[start].folder { end += 1 }
        var head = state.head
        var bytes: [UInt8] = []
        for item in items[start..<end] {
          var entry = item.entry
          entry.link = head
          let line = TranscriptSchema.line(entry)
          head = SHA256.hex(of: line)
          bytes += line
          bytes.append(0x0A)
        }
        do throws(TranscriptError) {
          try write(bytes, folder: items[start].folder, state: &state)
          state.head = head
        } catch {
          for index in start..<end { results[index] = error }
        }
        start = end
      }
    }
    return results
  }

  private func write(_ bytes: [UInt8], folder: String, state: inout State) throws(TranscriptError) {
    try durability.checkHealthy()
    let path = folder + "/index.jsonl"
    let created = !state.known.contains(path) && access(path, F_OK) != 0
    // Never through a symbolic link: one planted in the folder would make the server append elsewhere.
    let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw TranscriptError(path: path, code: errno) }
    defer { close(descriptor) }
    let length = lseek(descriptor, 0, SEEK_END)
    do throws(TranscriptError) {
      try DiskWrites.writeAll(bytes, to: descriptor, path: path)
    } catch {
      // A full disk leaves part of the lines: cut them off, or the next entry would be glued to them.
      ftruncate(descriptor, length)
      throw error
    }
    try durability.sync(descriptor, path: path)
    if created, durability.policy != .never { DiskWrites.syncDirectory(folder) }
    state.known.insert(path)
  }
}
