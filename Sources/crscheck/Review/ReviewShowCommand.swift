import ArgumentParser
import Review
import TranscriptStore

struct ReviewShowCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "The whole conversation, with what was understood from each patient line.")

  @Argument(help: "The session id.")
  var session: String

  @OptionGroup var options: ReviewOptions

  func run() throws {
    let desk = try options.desk
    let transcript = try desk.open(session, by: options.by, action: "show")
    Console.write(desk.text(of: transcript).render(), terminator: "")
  }
}

struct ReviewSignCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sign",
    abstract: "Sign a session off; the sign-off is appended, the transcript never changed.")

  @Argument(help: "The session id.")
  var session: String

  @Option(help: "A note for the record.")
  var note: String?

  @OptionGroup var options: ReviewOptions

  func run() throws {
    try options.desk.sign(session, by: options.by, note: note)
    Console.write("Signed off \(session) by \(options.by).")
  }
}

struct ReviewExportCommand: ParsableCommand {
  enum Format: String, ExpressibleByArgument, CaseIterable {
    case fhir, html, text
  }

  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "A session as FHIR R4 JSON, a printable HTML page for the chart, or plain text.")

  @Argument(help: "The session id.")
  var session: String

  @Option(help: "fhir, html or text.")
  var format: Format = .text

  @OptionGroup var options: ReviewOptions

  func run() throws {
    let desk = try options.desk
    let transcript = try desk.open(session, by: options.by, action: "export \(format.rawValue)")
    let text = desk.text(of: transcript)
    switch format {
    case .text: Console.write(text.render(), terminator: "")
    case .html: Console.write(TranscriptHTML(text).render(), terminator: "")
    case .fhir: Console.write(FHIRExport(transcript).render(), terminator: "")
    }
  }
}
