/// One unit of a patient's line after normalising: a word, a number, a symbol, or a clause break.
public struct Token: Sendable, Hashable {
  public enum Kind: Sendable, Hashable {
    case word
    case number
    case symbol
    /// Punctuation that ends a clause, and so the scope of a negation.
    case clauseBreak
  }

  public var text: String
  public var kind: Kind

  public init(_ text: String, _ kind: Kind) {
    self.text = text
    self.kind = kind
  }
}
