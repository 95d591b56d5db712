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
  }

  /// The words of a dialog loaded on the kiosk itself, by language code.
  public static func of(_ dialog: Dialog) -> [String: KioskWords] {
    Dictionary(
      ([dialog] + dialog.translations).map { language in
        (
          language.code,
          KioskWords(
            notices: Dictionary(
              language.messages.notices.map { ($0.key.rawValue, $0.value) }, uniquingKeysWith: { a, _ in a }))
        )
      }, uniquingKeysWith: { a, _ in a })
  }
}
