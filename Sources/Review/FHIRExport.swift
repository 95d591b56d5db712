import DialogEngine
import Foundation
import TranscriptStore

/// A transcript as an HL7 FHIR R4 Bundle for the patient's record: a QuestionnaireResponse with one item
/// per slot answered, a RiskAssessment carrying the advice and the suspected severity (marked as such),
/// and the conversation as Communication resources.
public struct FHIRExport: Sendable {
  public var transcript: Transcript

  public init(_ transcript: Transcript) {
    self.transcript = transcript
  }

  public func render() -> String {
    let data =
      (try? JSONSerialization.data(
        withJSONObject: bundle(), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
      ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  func bundle() -> [String: Any] {
    let started = transcript.header.map { Self.instant($0.at) } ?? Self.instant(Date())
    var entries: [[String: Any]] = [entry("QuestionnaireResponse", "answers", questionnaireResponse())]
    entries.append(entry("RiskAssessment", "advice", riskAssessment()))
    for (index, record) in transcript.records.enumerated() {
      guard let communication = communication(record) else { continue }
      entries.append(entry("Communication", "line-\(index)", communication))
    }
    return [
      "resourceType": "Bundle", "id": Self.id(transcript.session), "type": "collection", "timestamp": started,
      "entry": entries,
    ]
  }

  private var subject: [String: Any] { ["display": "Patient of crscheck session \(transcript.session)"] }

  private func entry(_ type: String, _ name: String, _ resource: [String: Any]) -> [String: Any] {
    var resource = resource
    resource["resourceType"] = type
    resource["id"] = Self.id("\(transcript.session)-\(name)")
    // The language the patient was spoken to in, as a BCP-47 code (FHIR Resource.language).
    if let language = transcript.language { resource["language"] = language }
    return ["fullUrl": "urn:crscheck:\(transcript.session):\(name)", "resource": resource]
  }

  private func questionnaireResponse() -> [String: Any] {
    let values = transcript.end?.values ?? [:]
    let items: [[String: Any]] = values.keys.sorted().compactMap { slot in
      guard let answer = Self.answer(values[slot]!) else { return nil }
      return ["linkId": slot, "answer": [answer]]
    }
    var resource: [String: Any] = [
      "status": status, "subject": subject,
      "authored": transcript.header.map { Self.instant($0.at) } ?? Self.instant(Date()),
    ]
    if !items.isEmpty { resource["item"] = items }
    if let kiosk = transcript.header?.kiosk {
      // The kiosk entered the answers: a Reference by identifier, as no Device resource is exported.
      resource["author"] = [
        "identifier": ["system": "urn:crscheck:kiosk", "value": kiosk], "display": "crscheck kiosk \(kiosk)",
      ]
    }
    if let dialog = transcript.header?.dialog {
      resource["questionnaire"] = "urn:crscheck:dialog:\(dialog.id):\(dialog.version)"
    }
    return resource
  }

  /// FHIR's words for how the conversation ended: `stopped` when the patient quit or left, or the
  /// server stopped, before advice; `in-progress` when no end was recorded (the process was killed) or
  /// the disk filled up.
  private var status: String {
    guard let ending = transcript.end?.ending else { return "in-progress" }
    switch ending {
    case .completed: return "completed"
    case .quit, .abandoned, .shutdown: return "stopped"
    // The conversation went on unsaved: how it ended is not known.
    case .diskFull: return "in-progress"
    }
  }

  private func riskAssessment() -> [String: Any] {
    let outcome = transcript.outcome
    var resource: [String: Any] = [
      "status": outcome == nil ? "preliminary" : "final", "subject": subject,
      "occurrenceDateTime": transcript.end.map { Self.instant($0.at) } ?? Self.instant(Date()),
      "method": ["text": "crscheck symptom checker: advice on what to do, not a diagnosis"],
    ]
    if let outcome {
      // The dialog's own word for the risk; transcripts from before it declared one say "moderate".
      let risk = outcome.risk ?? "moderate"
      resource["prediction"] = [
        [
          "outcome": [
            "text": outcome.label,
            "coding": [["system": "urn:crscheck:disposition", "code": outcome.disposition]],
          ],
          "qualitativeRisk": [
            "coding": [["system": "http://terminology.hl7.org/CodeSystem/risk-probability", "code": risk]]
          ],
          "rationale": outcome.advice,
        ]
      ]
      var notes = [
        [
          "text": "Findings reported: "
            + outcome.findings.filter(\.present).map(\.finding).joined(separator: ", ")
        ]
      ]
      if let severity = outcome.severity {
        notes.append([
          "text": "Suspected CRS severity for clinical review, not a diagnosis: \(severity.label), from "
            + severity.basis.joined(separator: ", ")
        ])
      }
      resource["note"] = notes
    }
    return resource
  }

  private func communication(_ record: TranscriptRecord) -> [String: Any]? {
    let text: String
    let fromPatient: Bool
    switch (record.type, record.event) {
    case (.patient, _):
      text = record.text ?? ""
      fromPatient = true
    case (.bot, .say(let said)?): (text, fromPatient) = (said, false)
    case (.bot, .ask(let question)?): (text, fromPatient) = (question.text, false)
    case (.bot, .result(let outcome)?): (text, fromPatient) = ("\(outcome.label). \(outcome.advice)", false)
    default: return nil
    }
    let patient = ["display": "Patient of crscheck session \(transcript.session)"]
    let bot = ["display": "crscheck"]
    return [
      "status": "completed", "sent": Self.instant(record.at), "subject": subject,
      "sender": fromPatient ? patient : bot, "recipient": [fromPatient ? bot : patient],
      "payload": [["contentString": text]],
    ]
  }

  static func answer(_ value: SlotValue) -> [String: Any]? {
    switch value {
    case .choice(let id): ["valueCoding": ["system": "urn:crscheck:choice", "code": id]]
    case .yesNo(let yes): ["valueBoolean": yes]
    case .number(let number, let unit): ["valueQuantity": ["value": number, "unit": unit]]
    case .days(let days): ["valueQuantity": ["value": days, "unit": "days ago"]]
    case .findings(let ids): ["valueString": ids.isEmpty ? "none" : ids.joined(separator: ", ")]
    case .affirmed: ["valueString": "yes, unspecified"]
    case .text(let text): ["valueString": text]
    case .unknown: ["valueString": "unknown"]
    case .check(let passed): ["valueBoolean": passed]
    }
  }

  /// FHIR ids allow letters, digits, "-" and "." up to 64 characters.
  static func id(_ text: String) -> String {
    String(text.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }.suffix(64))
  }

  static func instant(_ date: Date) -> String {
    date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
  }
}
