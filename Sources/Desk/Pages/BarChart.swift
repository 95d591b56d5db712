import Foundation

/// A stacked bar chart drawn as SVG by the desk itself (no chart library, nothing from the network). The
/// picture is for the eye; the page puts the same numbers in a table beneath it for everyone else.
struct BarChart {
  struct Series {
    var name: String
    /// A fill with at least 3:1 contrast against the white background (WCAG's non-text contrast).
    var color: String
  }

  struct Bar {
    var label: String
    var values: [Double]
  }

  var id: String
  var title: String
  var series: [Series]
  var bars: [Bar]
  /// Each bar as shares of its own total (100%), for comparing kiosks of different sizes.
  var asShares = false
  /// Bars left to right (days), or top to bottom (kiosks).
  var horizontal = false

  func render() -> HTML {
    let width = 720.0
    // The legend in rows that fit the width: (x, row) for each series.
    var legend: [(x: Double, row: Int)] = []
    var cursor = 44.0
    var row = 0
    for entry in series {
      let needed = 26 + Double(entry.name.count) * 7.2
      if cursor + needed > width - 10 && cursor > 44 {
        cursor = 44
        row += 1
      }
      legend.append((cursor, row))
      cursor += needed
    }
    let legendHeight = 22.0 * Double(row + 1) + 6
    let plotLeft = horizontal ? 150.0 : 44.0
    let plotTop = legendHeight + 8
    let barSpace = horizontal ? 30.0 : max(8, min(48, (width - plotLeft - 10) / Double(max(bars.count, 1))))
    let plotHeight = horizontal ? barSpace * Double(max(bars.count, 1)) : 200.0
    let height = plotTop + plotHeight + 36
    let plotWidth = width - plotLeft - 16
    let largest = asShares ? 1 : max(1, bars.map { $0.values.reduce(0, +) }.max() ?? 1)
    var shapes: [String] = []
    for (index, bar) in bars.enumerated() {
      let total = bar.values.reduce(0, +)
      var offset = 0.0
      for (seriesIndex, value) in bar.values.enumerated() where value > 0 {
        let share = asShares ? (total > 0 ? value / total : 0) : value / largest
        let tip = HTML.escape(
          "\(bar.label): \(series[seriesIndex].name) \(Self.number(value))"
            + (asShares ? " (\(Int((share * 100).rounded()))%)" : ""))
        if horizontal {
          let x = plotLeft + offset * plotWidth
          let y = plotTop + Double(index) * barSpace + 4
          shapes.append(
            "<rect x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" width=\"\(Self.f(share * plotWidth))\" height=\"\(Self.f(barSpace - 8))\" fill=\"\(series[seriesIndex].color)\"><title>\(tip)</title></rect>"
          )
        } else {
          let h = share * plotHeight
          let x = plotLeft + Double(index) * barSpace + 2
          let y = plotTop + plotHeight - (offset * plotHeight) - h
          shapes.append(
            "<rect x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" width=\"\(Self.f(max(2, barSpace - 4)))\" height=\"\(Self.f(h))\" fill=\"\(series[seriesIndex].color)\"><title>\(tip)</title></rect>"
          )
        }
        offset += share
      }
      let label = HTML.escape(bar.label)
      if horizontal {
        shapes.append(
          "<text x=\"\(Self.f(plotLeft - 6))\" y=\"\(Self.f(plotTop + Double(index) * barSpace + barSpace / 2 + 4))\" text-anchor=\"end\">\(label)</text>"
        )
      } else if bars.count <= 16 || index % Int((Double(bars.count) / 8).rounded(.up)) == 0 {
        shapes.append(
          "<text x=\"\(Self.f(plotLeft + Double(index) * barSpace + barSpace / 2))\" y=\"\(Self.f(plotTop + plotHeight + 16))\" text-anchor=\"middle\">\(HTML.escape(Self.shortLabel(bar.label)))</text>"
        )
      }
    }
    // The axis: zero and the largest value (or 0% and 100%).
    if horizontal {
      shapes.append(
        "<line x1=\"\(Self.f(plotLeft))\" y1=\"\(Self.f(plotTop))\" x2=\"\(Self.f(plotLeft))\" y2=\"\(Self.f(plotTop + plotHeight))\" stroke=\"#333\"/>"
      )
      if asShares {
        shapes.append(
          "<text x=\"\(Self.f(plotLeft + plotWidth))\" y=\"\(Self.f(plotTop + plotHeight + 16))\" text-anchor=\"end\">100%</text>"
        )
      }
    } else {
      shapes.append(
        "<line x1=\"\(Self.f(plotLeft))\" y1=\"\(Self.f(plotTop + plotHeight))\" x2=\"\(Self.f(width - 10))\" y2=\"\(Self.f(plotTop + plotHeight))\" stroke=\"#333\"/>"
      )
      shapes.append(
        "<text x=\"\(Self.f(plotLeft - 6))\" y=\"\(Self.f(plotTop + 10))\" text-anchor=\"end\">\(asShares ? "100%" : Self.number(largest))</text>"
      )
      shapes.append(
        "<text x=\"\(Self.f(plotLeft - 6))\" y=\"\(Self.f(plotTop + plotHeight))\" text-anchor=\"end\">0</text>"
      )
    }
    for (entry, place) in zip(series, legend) {
      let name = HTML.escape(entry.name)
      let y = 6 + 22 * Double(place.row)
      shapes.append(
        "<rect x=\"\(Self.f(place.x))\" y=\"\(Self.f(y))\" width=\"14\" height=\"14\" fill=\"\(entry.color)\"/><text x=\"\(Self.f(place.x + 19))\" y=\"\(Self.f(y + 12))\">\(name)</text>"
      )
    }
    return HTML(
      stringLiteral: """
        <svg class="chart" id="\(id)" viewBox="0 0 \(Self.f(width)) \(Self.f(height))" role="img" \
        aria-labelledby="\(id)-title" focusable="false" xmlns="http://www.w3.org/2000/svg">\
        <title id="\(id)-title">\(HTML.escape(title)): the numbers are in the table below</title>
        \(shapes.joined(separator: "\n"))
        </svg>
        """)
  }

  private static func f(_ value: Double) -> String { String(format: "%.1f", value) }

  static func number(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
  }

  /// Days are labelled by month and day under the bars.
  private static func shortLabel(_ label: String) -> String {
    label.count == 10 ? String(label.dropFirst(5)) : label
  }
}
