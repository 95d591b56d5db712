import DialogEngine
import Foundation

/// One line of a transcript file. A transcript is JSON Lines: a `session` record, then `bot` and
/// `patient` records in the order they happened, then an `end` record. docs/TRANSCRIPTS.md is the
/// reference for clinicians' tools.
public struct TranscriptRecord: Sendable, Hashable, Codable {
  public enum Kind: String, Sendable, Hashable, Codable {
    case session
    case bot
    case patient
    /// A conversation taken up again after its connection dropped, on this server or another.
    case resume
    case end
  }

  /// How a conversation ended: with advice, by the patient's "quit", abandoned (input closed, connection
  /// dropped, idle) before either, cut short by the server shutting down, or no longer saved from where
  /// the disk filled up (the conversation itself went on).
  public enum Ending: String, Sendable, Hashable, Codable {
    case completed
    case quit
    case abandoned
    case shutdown
    case diskFull = "disk_full"
  }

  /// Which dialog, in which exact version, the patient was advised by.
  public struct DialogInfo: Sendable, Hashable, Codable {
    public var id: String
    public var version: String
    public var sha256: String
    public var path: String

    public init(_ dialog: Dialog) {
      id = dialog.id
      version = dialog.version
      sha256 = dialog.source.sha256
      path = dialog.source.path
    }
  }

  public var seq: Int
  public var at: Date
  public var type: Kind
  /// The SHA-256 of the previous line's bytes, chaining the records so that any later edit, deletion or
  /// reordering shows. Absent on the first record.
  public var prev: String?
  // session
  public var format: Int?
  public var session: String?
  public var channel: String?
  /// The kiosk that connected, when kiosks identify themselves.
  public var kiosk: String?
  public var dialog: DialogInfo?
  /// The conversation's language (`en`, `es`): on the session record, and on a patient line that changed it.
  public var language: String?
  /// True when the client chose the language before the first line, so that line cannot change it: needed to
  /// replay the conversation exactly.
  public var languageChosen: Bool?
  /// The time zone the patient's times ("yesterday at 9") were read in, for the same reason.
  public var timeZone: String?
  /// The SHA-256 of the conversation's resume token: the token itself is a secret only the kiosk holds.
  public var resumeDigest: String?
  // session and resume
  /// Where the client connected from: the kiosk's own address, also when it came through a trusted proxy.
  public var address: String?
  // bot
  public var event: Event?
  // patient
  /// What the patient typed; for an answer chosen by id, the labels of the options as they were shown, and
  /// for a command, its word.
  public var text: String?
  /// The ids of the options chosen, when the answer was a choice (a kiosk's buttons), not typed.
  public var choices: [String]?
  /// The command given by name (`back`, `restart`), when the answer was one.
  public var command: String?
  public var reading: Reading?
  // end
  public var ending: Ending?
  public var disposition: String?
  public var findings: [Observation]?
  public var values: [String: SlotValue]?

  enum CodingKeys: String, CodingKey {
    case seq, at, type, prev, format, session, channel, kiosk, dialog, language, event, text, choices, command
    case reading, ending, disposition, findings, values, address
    case languageChosen = "language_chosen"
    case timeZone = "time_zone"
    case resumeDigest = "resume_sha256"
  }

  public init(seq: Int, at: Date, type: Kind) {
    self.seq = seq
    self.at = at
    self.type = type
  }

  /// The version of this file format, written in every session record.
  public static let formatVersion = 1
}
