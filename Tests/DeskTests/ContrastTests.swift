import Foundation
import Testing

@testable import Desk

/// WCAG AA: text needs 4.5:1 against its background. The desk's coloured text sits on these fills.
@Suite("The desk's colours are readable")
struct ContrastTests {
  static func luminance(_ hex: String) -> Double {
    let value = Int(hex.dropFirst(), radix: 16)!
    let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map { Double($0) / 255 }
    let linear = channels.map { $0 <= 0.03928 ? $0 / 12.92 : pow(($0 + 0.055) / 1.055, 2.4) }
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
  }

  static func ratio(_ a: String, _ b: String) -> Double {
    let (x, y) = (luminance(a), luminance(b))
    return (max(x, y) + 0.05) / (min(x, y) + 0.05)
  }

  /// Every `background:` colour in the stylesheet whose rule sets white text, or is a badge (white text).
  static var whiteTextFills: [String] {
    DeskAssets.stylesheet.split(separator: "\n").filter {
      $0.contains(".badge") || $0.contains("color: #fff")
    }.compactMap { line in
      line.range(of: #"background: #[0-9a-f]{6}"#, options: .regularExpression).map {
        String(line[$0].dropFirst("background: ".count))
      }
    }
  }

  @Test("white text on every badge, the header, the alert bar and buttons has at least 4.5:1")
  func whiteText() {
    let fills = Self.whiteTextFills
    #expect(fills.count >= 7, "\(fills)")
    for fill in fills {
      #expect(Self.ratio(fill, "#ffffff") >= 4.5, "\(fill): \(Self.ratio(fill, "#ffffff"))")
    }
  }

  @Test("the chart colours stand out from the white page by at least 3:1, as graphics must")
  func chartColours() {
    for level in [4, 3, 2, 1, nil] as [Int?] {
      let colour = StatsPage.color(level: level)
      #expect(Self.ratio(colour, "#ffffff") >= 3, "\(colour)")
    }
  }
}
