import Hummingbird
import HummingbirdAuth
import NIOCore

/// A request as the desk's routes see it: its session, forms decoded as a browser posts them, and the
/// address it came from (for the audit log).
public struct DeskContext: SessionRequestContext, RequestContext {
  public typealias Session = DeskSession

  public var coreContext: CoreRequestContextStorage
  public let sessions: SessionContext<DeskSession>
  public let peer: String

  public init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
    sessions = .init()
    peer = source.channel.remoteAddress?.ipAddress ?? "unknown"
  }

  public var requestDecoder: URLEncodedFormDecoder { URLEncodedFormDecoder() }

  /// The logged-in member of staff; the routes behind `StaffOnly` always have one.
  var staff: (name: String, role: Account.Role) {
    (sessions.session?.account ?? "?", sessions.session?.role ?? .clinician)
  }
}
