import Consultation
import DialogEngine
import Server

/// Any bytes from a client, through the server's framing with its line limit, the text checks every line
/// gets, and the JSON Lines decoder. The first byte sets the line limit (1 to 256 bytes, so the edges are
/// reached often), the second how the bytes are split into reads; the rest is what the client sends.
/// The framer is compared with a plain model of the protocol: however the bytes arrive, each line ends at
/// a newline, a carriage return before it is not counted, and a line over the limit is discarded whole.
enum WireHarness {
  /// Questions a JSON answer is read against: none, and each question the scripted CRS conversation
  /// reaches, whose choice ids an answer may name.
  private static let questions: [Question?] = [nil] + UnderstandingHarness.stops.map(\.question)

  static func check(_ input: [UInt8]) throws(PropertyViolation) {
    guard input.count >= 2 else { return }
    let limit = Int(input[0]) + 1
    let bytes = Array(input.dropFirst(2))
    let decoder = WireDecoder(maxLineLength: limit)
    var frames: [WireDecoder.Frame] = []
    for read in reads(of: bytes, seed: input[1]) { frames += decoder.receive(read) }
    frames += decoder.endOfInput()

    let expected = model(bytes, limit: limit)
    try PropertyViolation.require(
      frames == expected,
      "with a limit of \(limit), the framer gave \(frames.count) frames \(frames), the model \(expected)")
    for (index, frame) in frames.enumerated() {
      guard case .line(let line) = frame else { continue }
      try checkLine(line, limit: limit, question: questions[index % questions.count])
    }
  }

  /// One line as a connection treats it: refused unless it is clean UTF-8, then, if the client speaks
  /// JSON, decoded into the patient's text or a protocol error.
  private static func checkLine(_ line: [UInt8], limit: Int, question: Question?) throws(PropertyViolation) {
    try PropertyViolation.require(
      !line.contains(0x0A) && lengthWithoutCarriageReturn(line) <= limit,
      "a framed line holds a newline or is over the limit of \(limit): \(line)")
    guard let text = PatientText.decode(line) else {
      let valid = String(validating: withoutCarriageReturn(line), as: UTF8.self)
      try PropertyViolation.require(
        valid.map { !isClean($0) } ?? true, "a clean UTF-8 line was refused: \(line)")
      return
    }
    try PropertyViolation.require(
      isClean(text), "patient text holds a control character: \(Array(text.utf8))")
    try PropertyViolation.require(
      Array(text.utf8) == Array(withoutCarriageReturn(line)),
      "patient text is not the line as sent: \(Array(text.utf8)) from \(line)")

    switch WireDecoder.jsonAnswer(text, question: question, dialog: CRSDialog.dialog) {
    case .success(.text(let answer)):
      try PropertyViolation.require(isClean(answer), "a JSON answer holds a control character: \(answer)")
    case .success(.choices(let ids)):
      let offered = question?.options.map(\.id) ?? []
      try PropertyViolation.require(
        !ids.isEmpty && ids.allSatisfy(offered.contains), "choices the question does not offer: \(ids)")
    case .success(.command):
      break
    case .failure(let refusal):
      try PropertyViolation.require(
        ["bad_message", "invalid_text"].contains(refusal.code), "an unexpected error code \(refusal.code)")
    }
  }

  /// The protocol's framing, written plainly from docs/PROTOCOL.md rather than from the framer.
  private static func model(_ bytes: [UInt8], limit: Int) -> [WireDecoder.Frame] {
    var parts = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    let last = parts.removeLast()
    // A line's carriage return before its newline is no part of it.
    func frame(_ part: [UInt8]) -> WireDecoder.Frame {
      lengthWithoutCarriageReturn(part) > limit ? .tooLong : .line(Array(withoutCarriageReturn(part)))
    }
    var frames = parts.map(frame)
    // A last line without a newline counts when the client closes; one over the limit is refused as such.
    if !last.isEmpty { frames.append(frame(last)) }
    return frames
  }

  private static func withoutCarriageReturn(_ line: [UInt8]) -> ArraySlice<UInt8> {
    line.last == 0x0D ? line.dropLast() : line[...]
  }

  private static func lengthWithoutCarriageReturn(_ line: [UInt8]) -> Int {
    withoutCarriageReturn(line).count
  }

  /// The rule of docs/PROTOCOL.md, kept apart from `PatientText` so one checks the other: no control
  /// characters (C0, DEL, C1) but tab.
  private static func isClean(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy { scalar in
      scalar == "\t" || !(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value))
    }
  }

  /// The bytes cut into reads as a network might deliver them: seed 0 is one read, others give reads of
  /// pseudo-random lengths from 1 to 16 bytes.
  private static func reads(of bytes: [UInt8], seed: UInt8) -> [[UInt8]] {
    guard seed != 0 else { return [bytes] }
    var state = UInt32(seed)
    var reads: [[UInt8]] = []
    var start = 0
    while start < bytes.count {
      state = state &* 1_103_515_245 &+ 12345
      let length = Int((state >> 16) % 16) + 1
      reads.append(Array(bytes[start..<min(start + length, bytes.count)]))
      start += length
    }
    return reads
  }
}
