import Hummingbird

/// Pages as responses.
enum Pages {
  static func response(_ html: HTML, status: HTTPResponse.Status = .ok) -> Response {
    Response(
      status: status, headers: [.contentType: "text/html; charset=utf-8"],
      body: .init(byteBuffer: ByteBuffer(string: html.raw)))
  }

  /// 403, said plainly, with the navigation so that the person can go on.
  static func refused(_ context: DeskContext, _ message: String) -> Response {
    let session = context.sessions.session
    let layout = Layout(
      staff: session.flatMap { session in
        session.account.map { ($0, session.role ?? .clinician, session.token) }
      })
    return response(
      MessagePage(layout: layout, title: "Not allowed", message: message).render(), status: .forbidden)
  }
}
