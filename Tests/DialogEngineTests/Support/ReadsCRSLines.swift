import DialogEngine
import Foundation

/// What the understanding suites share: reading a line with the product's dialog on the fixtures' day.
protocol ReadsCRSLines {}

extension ReadsCRSLines {
  var understanding: Understanding { Fixtures.crsUnderstanding }

  var calendar: Calendar {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = Fixtures.utc
    return calendar
  }

  /// What `text` says, answering the question on `slot` if one is named.
  func read(_ text: String, asking slot: String? = nil) -> Reading {
    understanding.read(
      text, asking: slot.flatMap(Fixtures.crs.slot), today: Fixtures.today, calendar: calendar)
  }

  func present(_ text: String) -> Set<String> {
    Set(read(text).observations.filter(\.present).map(\.finding))
  }

  func absent(_ text: String) -> Set<String> {
    Set(read(text).observations.filter { !$0.present }.map(\.finding))
  }
}
