#if canImport(Glibc)
  import Glibc
#endif

/// The two system calls every durable write is made of, with their edge cases handled once.
enum DiskWrites {
  /// Writes every byte, looping over partial writes and interruptions.
  static func writeAll(_ data: [UInt8], to descriptor: Int32, path: String) throws(TranscriptError) {
    let failure = data.withUnsafeBytes { buffer -> Int32? in
      var offset = 0
      while offset < buffer.count {
        let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return errno
        }
        offset += written
      }
      return nil
    }
    if let failure { throw TranscriptError(path: path, code: failure) }
  }

  /// Makes a new entry of a folder durable: the file exists after a crash, not just its contents.
  static func syncDirectory(_ path: String) {
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    fsync(descriptor)
    close(descriptor)
  }
}
