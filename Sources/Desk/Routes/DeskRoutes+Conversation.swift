import Foundation
import Hummingbird
import Review
import TranscriptStore

extension DeskRoutes {
  enum Export {
    case fhir
    case html
    case text
  }

  private struct SignForm: Decodable {
    var note: String?
  }

  func conversation(_ context: DeskContext) async throws -> Response {
    guard let session = Self.session(context) else {
      return await notFound(context, "There is no such conversation.")
    }
    let name = context.staff.name
    let text = try await records.run { records -> TranscriptText? in
      guard let transcript = try? records.desk.open(session, by: name, action: "view") else { return nil }
      return records.desk.text(of: transcript)
    }
    guard let text else { return await notFound(context, "There is no conversation \(session).") }
    await feed.opened(session)
    let layout = await layout(context)
    return Pages.response(
      ConversationPage(layout: layout, text: text, token: context.sessions.session?.token ?? "").render())
  }

  func sign(_ request: Request, _ context: DeskContext) async throws -> Response {
    guard let session = Self.session(context) else {
      return await notFound(context, "There is no such conversation.")
    }
    let form = try await request.decode(as: SignForm.self, context: context)
    let note = form.note.map { String($0.trimmingCharacters(in: .whitespacesAndNewlines).prefix(2000)) }
    let name = context.staff.name
    let signed = try await records.run { records -> Bool in
      guard (try? records.desk.library.transcript(of: session)) != nil else { return false }
      try records.desk.sign(session, by: name, note: note?.isEmpty == false ? note : nil)
      return true
    }
    guard signed else { return await notFound(context, "There is no conversation \(session).") }
    await feed.opened(session)
    return .seeOther("/conversations/\(session)")
  }

  func export(_ kind: Export, _ context: DeskContext) async throws -> Response {
    guard let session = Self.session(context) else {
      return await notFound(context, "There is no such conversation.")
    }
    let name = context.staff.name
    let action =
      switch kind {
      case .fhir: "export-fhir"
      case .html: "export-html"
      case .text: "export-text"
      }
    let body = try await records.run { records -> String? in
      guard let transcript = try? records.desk.open(session, by: name, action: action) else { return nil }
      switch kind {
      case .fhir: return FHIRExport(transcript).render()
      case .html: return TranscriptHTML(records.desk.text(of: transcript)).render()
      case .text: return records.desk.text(of: transcript).render()
      }
    }
    guard let body else { return await notFound(context, "There is no conversation \(session).") }
    let (type, file) =
      switch kind {
      case .fhir: ("application/fhir+json; charset=utf-8", "\(session).fhir.json")
      case .html: ("text/html; charset=utf-8", "\(session).html")
      case .text: ("text/plain; charset=utf-8", "\(session).txt")
      }
    var headers: HTTPFields = [.contentType: type, .contentDisposition: "attachment; filename=\"\(file)\""]
    // The printable page carries its own style; it still runs nothing.
    if kind == .html { headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'" }
    return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
  }
}
