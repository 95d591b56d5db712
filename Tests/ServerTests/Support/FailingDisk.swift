import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// An fsync that works until told to fail, then fails with EIO as a dying disk's does; it counts the
/// calls made while failing, to show that the store does not retry.
final class FailingDisk: Sendable {
  private let failing = Atomic(false)
  private let callsWhileFailing = Atomic(0)

  /// Stands in for fdatasync.
  var syncData: @Sendable (Int32) -> Int32 {
    { [self] descriptor in
      guard failing.load(ordering: .sequentiallyConsistent) else { return fdatasync(descriptor) }
      callsWhileFailing.add(1, ordering: .sequentiallyConsistent)
      errno = EIO
      return -1
    }
  }

  func fail() { failing.store(true, ordering: .sequentiallyConsistent) }

  /// Syncs work again, as after a disk is replaced; a store that failed must not believe it.
  func heal() -> Int {
    failing.store(false, ordering: .sequentiallyConsistent)
    return callsWhileFailing.load(ordering: .sequentiallyConsistent)
  }
}
