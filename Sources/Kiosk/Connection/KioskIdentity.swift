import Foundation

/// Who this kiosk is to the server: its id and the file its token is read from. The token is read at each
/// connection, so staff can replace a wrong one without restarting the kiosk.
public struct KioskIdentity: Sendable {
  public var kioskID: String?
  public var tokenFile: String?

  public init(kioskID: String?, tokenFile: String?) {
    self.kioskID = kioskID
    self.tokenFile = tokenFile
  }

  /// The token: the first line of the token file, without surrounding spaces.
  public func token() throws(KioskError) -> String? {
    guard let tokenFile else { return nil }
    // A token is a secret, like an SSH key: a file others can read is refused, as ssh refuses one.
    var status = stat()
    if stat(tokenFile, &status) == 0, status.st_mode & 0o077 != 0 {
      throw .tokenFileOpen(tokenFile)
    }
    let text: String
    do {
      text = try String(contentsOfFile: tokenFile, encoding: .utf8)
    } catch {
      throw .unreadableFile(tokenFile, (error as NSError).localizedDescription)
    }
    let token =
      text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
    guard !token.isEmpty else { throw .emptyToken(tokenFile) }
    return token
  }
}
