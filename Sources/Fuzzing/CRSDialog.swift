import DialogEngine
import Foundation

/// The product's own dialog, `Dialogs/crs.yaml`, found from this file's place in the repository so the
/// fuzzers and the regression test read the same file wherever they are started.
enum CRSDialog {
  static let path = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appending(path: "Dialogs/crs.yaml").path

  static let dialog: Dialog = {
    do {
      return try DialogLoader.load(path: path)
    } catch {
      fatalError("the fuzz targets need \(path): \(error)")
    }
  }()
}
