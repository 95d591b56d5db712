import Foundation
import Hummingbird
import HummingbirdAuth

extension DeskRoutes {
  /// The page's event stream. It ends when the feed does (shutdown) or the browser goes; on each heartbeat
  /// it checks that the login behind it is still current, and tells the page when it is not.
  func events(_ request: Request, _ context: DeskContext) async -> Response {
    let subscription = await feed.subscribe()
    let idle = configuration.idle
    let storage = sessionStorage
    return Response(
      status: .ok,
      headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
      body: .init { writer in
        for await event in subscription.events {
          if event == .heartbeat {
            let session = try? await storage.load(request: request)
            guard let session, StaffOnly.isCurrent(session, at: Date(), idle: idle) else {
              try await writer.write(ByteBuffer(string: LiveEvent.expired.wire))
              break
            }
          }
          try await writer.write(ByteBuffer(string: event.wire))
        }
        try await writer.finish(nil)
      })
  }
}
