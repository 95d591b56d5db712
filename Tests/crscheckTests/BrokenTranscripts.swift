import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A transcripts folder that cannot keep a conversation, as a clinic's disk may fail. The full and
/// read-only ones are real: a tiny tmpfs mounted for the test, which needs root (as the tests and CI run).
struct BrokenTranscripts {
  enum Fault: String, CaseIterable, CustomStringConvertible {
    /// Not a page left: every write fails with ENOSPC.
    case full
    /// Room to start a transcript (64 KiB, the least crscheck starts one with, which it keeps back for
    /// ending conversations on a full disk) and one page more: the transcript starts, then a write fails
    /// part-way with ENOSPC.
    case fillsUp = "fills up"
    /// Mounted read-only: no folder or file can be made (EROFS).
    case readOnly = "read-only"
    /// The transcripts path is a regular file, so no folder can be made under it.
    case notAFolder = "not a folder"

    var description: String { rawValue }
    var needsMount: Bool { self != .notAFolder }
  }

  /// The path to give as `--transcripts`.
  let path: String
  private let mounted: Bool

  /// Whether this process may mount a tmpfs; the tests that need one are skipped otherwise.
  static let canMount: Bool = {
    let probe = Binary.temporaryFolder()
    guard mkdir(probe, 0o700) == 0 else { return false }
    defer { rmdir(probe) }
    guard mount("tmpfs", probe, "tmpfs", 0, "size=64k") == 0 else { return false }
    umount(probe)
    return true
  }()

  init(_ fault: Fault) throws {
    path = Binary.temporaryFolder()
    mounted = fault.needsMount
    if fault == .notAFolder {
      _ = FileManager.default.createFile(atPath: path, contents: Data())
      return
    }
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    guard mount("tmpfs", path, "tmpfs", 0, "size=256k,mode=0700") == 0 else {
      throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EPERM)
    }
    switch fault {
    case .full, .fillsUp:
      try fill(leavingPages: fault == .fillsUp ? 17 : 0)
    case .readOnly:
      guard mount("tmpfs", path, "tmpfs", UInt(MS_REMOUNT | MS_RDONLY), nil) == 0 else {
        throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EPERM)
      }
    case .notAFolder:
      break
    }
  }

  /// Writes a filler file until the disk is full, then gives back `pages` pages of it.
  private func fill(leavingPages pages: Int) throws {
    let filler = path + "/filler"
    let descriptor = open(filler, O_WRONLY | O_CREAT, 0o600)
    guard descriptor >= 0 else { throw POSIXError(.EIO) }
    defer { close(descriptor) }
    let page = [UInt8](repeating: 0, count: 4096)
    var size = 0
    while true {
      let written = page.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      if written <= 0 { break }
      size += written
    }
    ftruncate(descriptor, off_t(max(0, size - pages * 4096)))
  }

  func remove() {
    if mounted { umount2(path, Int32(MNT_DETACH)) }
    try? FileManager.default.removeItem(atPath: path)
  }
}
