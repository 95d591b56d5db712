import Synchronization
import TranscriptStore

/// A review log in memory, standing in for a store's.
final class MemoryLog: ReviewLog {
  private let lines = Mutex<[[String: String]]>([])

  func append(_ entry: [String: String]) throws(TranscriptError) {
    lines.withLock { $0.append(entry) }
  }

  func entries() -> [[String: String]] { lines.withLock { $0 } }
}
