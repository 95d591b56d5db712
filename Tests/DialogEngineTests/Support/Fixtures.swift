import DialogEngine
import Foundation

/// Paths to the dialogs tests run on: the fixtures beside these tests and the product's own dialog.
enum Fixtures {
  static let directory = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appending(path: "Fixtures")
  static let repository = directory.deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static func path(_ name: String) -> String { directory.appending(path: "\(name).yaml").path }

  static let crsPath = repository.appending(path: "Dialogs/crs.yaml").path

  static let minimal: Dialog = try! DialogLoader.load(path: path("minimal"))
  static let crs: Dialog = try! DialogLoader.load(path: crsPath)
  static let crsEngine = Engine(dialog: crs)
  static let crsUnderstanding = Understanding(dialog: crs)
  static let features: Dialog = try! DialogLoader.load(path: path("features"))

  /// Wednesday 25 November 2026, noon UTC: the session date every relative time is read against.
  static let today = Date(timeIntervalSince1970: 1_795_608_000)
  static let utc = TimeZone(identifier: "UTC")!
}
