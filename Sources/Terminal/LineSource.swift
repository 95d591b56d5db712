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

  /// Applies the checks every source shares: length, UTF-8, and no control bytes but tab.
  func check(_ bytes: some Collection<UInt8>) -> LineInput {
    guard bytes.count <= limit else { return .tooLong }
    var bytes = Array(bytes)
    if bytes.last == 0x0D { bytes.removeLast() }
    guard let text = String(validating: bytes, as: UTF8.self),
      !text.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F })
    else { return .invalidText }
    return .line(text)
  }
}
