import HTTPTypes
import Hummingbird

/// Headers on every response: a content security policy that allows the desk's own script and stylesheet
/// and nothing inline, no framing, no caching of patient data, and HSTS under TLS.
struct SecurityHeaders: RouterMiddleware {
  typealias Context = DeskContext
  let tls: Bool

  static let policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

  static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
  static let frameOptions = HTTPField.Name("X-Frame-Options")!

  func handle(_ request: Request, context: DeskContext, next: (Request, DeskContext) async throws -> Response)
    async throws -> Response
  {
    var response = try await next(request, context)
    if response.headers[.contentSecurityPolicy] == nil {
      response.headers[.contentSecurityPolicy] = Self.policy
    }
    response.headers[.xContentTypeOptions] = "nosniff"
    // Not `no-referrer`: with it, the browser's form posts say `Origin: null`, which the origin check
    // must refuse. Addresses (with session ids) still never leave the desk.
    response.headers[Self.referrerPolicy] = "same-origin"
    response.headers[Self.frameOptions] = "DENY"
    if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
    if tls { response.headers[.strictTransportSecurity] = "max-age=31536000" }
    return response
  }
}
