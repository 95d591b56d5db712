import Consultation

/// Where patient lines come from: libedit at a terminal, or a plain stream when input is piped.
public protocol LineSource {
  /// The longest line accepted, in bytes.
  var limit: Int { get }
  mutating func next(prompt: String) -> LineInput
  /// The words Tab may complete for the question now on screen.
  mutating func offer(completions: [String])
}

extension LineSource {
  public mutating func offer(completions: [String]) {}

  /// Applies the checks every source shares: the length limit, then `PatientText`'s.
  func check(_ bytes: some Collection<UInt8>) -> LineInput {
    guard bytes.count <= limit else { return .tooLong }
    return PatientText.decode(bytes).map(LineInput.line) ?? .invalidText
  }
}
