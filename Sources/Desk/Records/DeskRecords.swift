import Foundation
import NIOPosix
import Review
import TranscriptStore

/// The store as the desk reads and writes it. The library and the account book block (files, or waiting
/// for the database), so every call runs on NIO's blocking thread pool, never on the cooperative pool that
/// serves the pages.
public struct DeskRecords: Sendable {
  public let desk: ReviewDesk
  public let accounts: AccountBook

  public init(library: any TranscriptLibrary, bcryptCost: UInt8 = 12) {
    desk = ReviewDesk(library: library)
    accounts = AccountBook(log: library.accounts, cost: bcryptCost)
  }

  /// Runs blocking store work off the cooperative pool.
  public func run<Value: Sendable>(_ work: @escaping @Sendable (DeskRecords) throws -> Value) async throws
    -> Value
  {
    try await NIOThreadPool.singleton.runIfActive { try work(self) }
  }

  /// Every sign-off, by session.
  func signOffs() -> [String: [[String: String]]] {
    var signOffs: [String: [[String: String]]] = [:]
    for signOff in desk.signOffs.entries() {
      if let session = signOff["session"] { signOffs[session, default: []].append(signOff) }
    }
    return signOffs
  }

  /// An audit entry for something a member of staff did.
  func audit(_ action: String, by name: String, session: String? = nil, detail: String? = nil) throws {
    var entry = [
      "at": Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)), "by": name,
      "action": action,
    ]
    entry["session"] = session
    entry["detail"] = detail
    try desk.audit.append(entry)
  }
}
