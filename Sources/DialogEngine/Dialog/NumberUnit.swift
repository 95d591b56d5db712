/// A unit a number may be given in. A number typed without a unit takes the unit whose plausible range
/// holds it, so "38.5" is read as °C and "101" as °F.
public struct NumberUnit: Sendable, Hashable {
  public var symbol: String
  /// How the unit is shown to the patient, when not as its symbol: "años" for `years` in Spanish.
  public var shown: String?
  public var words: [String]
  public var range: ClosedRange<Double>
  /// Converts into the slot's first unit: `value * multiply + add`.
  public var multiply: Double
  public var add: Double

  public init(
    symbol: String, words: [String], range: ClosedRange<Double>, multiply: Double = 1, add: Double = 0
  ) {
    self.symbol = symbol
    self.words = words
    self.range = range
    self.multiply = multiply
    self.add = add
  }

  public func toBase(_ value: Double) -> Double { value * multiply + add }
}
