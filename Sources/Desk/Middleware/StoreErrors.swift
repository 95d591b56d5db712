import Hummingbird
import TranscriptStore

/// A page whose store cannot be read (a database gone away, a folder that cannot be listed) says so, with
/// the reason for staff, instead of an empty error.
struct StoreErrors: RouterMiddleware {
  typealias Context = DeskContext

  func handle(_ request: Request, context: DeskContext, next: (Request, DeskContext) async throws -> Response)
    async throws -> Response
  {
    do {
      return try await next(request, context)
    } catch let error as LiveFeed.StoreUnavailable {
      return Self.page(error.reason)
    } catch let error as TranscriptError {
      return Self.page("\(error)")
    }
  }

  private static func page(_ reason: String) -> Response {
    Pages.response(
      MessagePage(
        layout: Layout(), title: "The store cannot be read",
        message: "The desk cannot read the conversations right now (\(reason)). Try again in a moment."
      ).render(), status: .serviceUnavailable)
  }
}
