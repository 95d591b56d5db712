import DialogEngine

/// The kiosk program's own patient-facing words in one language: they come from the dialog (its
/// `kiosk_…` notices), by the server's hello or from the local dialog before any server has answered.
public struct KioskWords: Sendable, Equatable {
  /// The steady screen while no server answers; it carries the emergency number.
  public var unavailable: String
  public var choose: String
  public var chooseMany: String
  public var type: String
  public var back: String
  public var startOver: String
  public var finish: String
  public var repeatQuestion: String
  public var lost: String
  /// For staff; `{kiosk}` is the kiosk's id.
  public var refused: String

  public init(notices: [String: String]) {
    func words(_ notice: Messages.Notice) -> String { notices[notice.rawValue] ?? "" }
    unavailable = words(.kioskUnavailable)
    choose = words(.kioskChoose)
    chooseMany = words(.kioskChooseMany)
    type = words(.kioskType)
    back = words(.kioskBack)
    startOver = words(.kioskStartOver)
    finish = words(.kioskFinish)
    repeatQuestion = words(.kioskRepeat)
    lost = words(.kioskLost)
    refused = words(.kioskRefused)
  }

  /// The words of a dialog loaded on the kiosk itself, by language code.
  public static func of(_ dialog: Dialog) -> [String: KioskWords] {
    Dictionary(
      ([dialog] + dialog.translations).map { ($0.code, KioskWords(notices: $0.messages.kioskNotices)) },
      uniquingKeysWith: { first, _ in first })
  }

  /// These words, with any that are missing taken from `known`: a server whose dialog lacks some never
  /// blanks what the kiosk already had (above all the emergency number).
  public func filled(from known: KioskWords) -> KioskWords {
    func pick(_ path: WritableKeyPath<KioskWords, String>, _ words: inout KioskWords) {
      if words[keyPath: path].isEmpty { words[keyPath: path] = known[keyPath: path] }
    }
    var words = self
    for path in Self.fields { pick(path, &words) }
    return words
  }

  /// Whether the words a kiosk cannot do without are there: the unavailable screen's.
  public var isUsable: Bool { !unavailable.isEmpty }

  private static var fields: [WritableKeyPath<KioskWords, String>] {
    [
      \.unavailable, \.choose, \.chooseMany, \.type, \.back, \.startOver, \.finish, \.repeatQuestion, \.lost,
      \.refused,
    ]
  }
}
