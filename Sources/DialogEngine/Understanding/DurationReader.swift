import Foundation

/// Reads how long ago something happened ("4 days ago", "a week", "yesterday", "last Tuesday",
/// "Nov 20", "2026-11-20") as days before the session's date. All its words come from the dialog's
/// `language` section.
struct DurationReader: Sendable {
  private let numbers: [String: Double]
  private let units: PhraseMatcher<Double>
  private let relative: PhraseMatcher<Double>
  private let weekdays: [String: Int]
  private let months: [String: Int]

  init(language: Language) {
    numbers = language.numbers
    units = PhraseMatcher(language.timeUnits.map { ($0.key, $0.value) })
    relative = PhraseMatcher(language.relativeDays.map { ($0.key, $0.value) })
    weekdays = Self.positions(language.weekdays)
    months = Self.positions(language.months)
  }

  var vocabulary: Set<String> {
    units.vocabulary.union(relative.vocabulary).union(numbers.keys).union(weekdays.keys).union(months.keys)
  }

  /// Whether a time unit starts at `position`, so "4 days" is never read as some other number.
  func isTimeUnit(at position: Int, in words: [String]) -> Bool {
    position < words.count && units.longest(at: position, in: words) != nil
  }

  /// The first time expression within `range` of `words`, as days ago and the words it was read from.
  func read(_ words: [String], in range: Range<Int>, today: Date, calendar: Calendar) -> (
    days: Double, words: String
  )? {
    for position in range {
      if let found = expression(at: position, words, range: range, today: today, calendar: calendar) {
        // Less than zero is still to come: "not yet, it's tomorrow", a date next week.
        return (found.days, words[position..<found.end].joined(separator: " "))
      }
    }
    return nil
  }

  private func expression(
    at position: Int, _ words: [String], range: Range<Int>, today: Date, calendar: Calendar
  ) -> (days: Double, end: Int)? {
    let word = words[position]
    let window = Array(words[position..<range.upperBound])
    if let match = relative.longest(at: 0, in: window) {
      return (match.payload, position + match.range.upperBound)
    }
    if let weekday = weekdays[word] {
      let todayIndex = calendar.component(.weekday, from: today) - 1
      let back = (todayIndex - weekday + 7) % 7
      return (Double(back == 0 ? 7 : back), position + 1)
    }
    if let count = number(word) {
      if let date = isoDate(window, calendar: calendar) {
        return (days(from: date, to: today, calendar: calendar), position + 3)
      }
      var next = 1
      if next < window.count, numbers[window[next]] == nil, units.longest(at: next, in: window) == nil,
        next + 1 < window.count, units.longest(at: next + 1, in: window) != nil
      {
        next += 1  // "a couple of days"
      }
      // Over a century is no time since a treatment: a typo, not an answer.
      if next < window.count, let unit = units.longest(at: next, in: window), count * unit.payload <= 36_500 {
        return (count * unit.payload, position + unit.range.upperBound)
      }
      if next < window.count, let month = months[window[next]], let day = Int(word) {
        return dayOfMonth(day, month, today: today, calendar: calendar).map { ($0, position + 2) }
      }
    }
    if let month = months[word], window.count > 1, let day = Int(window[1]) {
      return dayOfMonth(day, month, today: today, calendar: calendar).map { ($0, position + 2) }
    }
    return nil
  }

  /// The month a word names, 0 for January; nil if it names none.
  func month(_ word: String) -> Int? { months[word] }

  /// A number written in digits or named in the language's `numbers`; never "inf" or "nan".
  func number(_ word: String) -> Double? {
    if let first = word.first, first.isNumber { return Double(word).flatMap { $0.isFinite ? $0 : nil } }
    return numbers[word]
  }

  /// "2026-11-20" arrives as three numbers, the hyphens having been separators.
  private func isoDate(_ window: [String], calendar: Calendar) -> Date? {
    guard window.count >= 3, window[0].count == 4, let year = Int(window[0]), let month = Int(window[1]),
      let day = Int(window[2])
    else { return nil }
    return calendar.date(from: DateComponents(year: year, month: month, day: day))
  }

  /// A day of a month without a year: this year's, or last year's when that would be in the future.
  private func dayOfMonth(_ day: Int, _ month: Int, today: Date, calendar: Calendar) -> Double? {
    guard (1...31).contains(day) else { return nil }
    var year = calendar.component(.year, from: today)
    for _ in 0..<2 {
      if let date = calendar.date(from: DateComponents(year: year, month: month + 1, day: day)), date <= today
      {
        return days(from: date, to: today, calendar: calendar)
      }
      year -= 1
    }
    return nil
  }

  private func days(from date: Date, to today: Date, calendar: Calendar) -> Double {
    Double(
      calendar.dateComponents(
        [.day], from: calendar.startOfDay(for: date), to: calendar.startOfDay(for: today)
      ).day ?? 0)
  }

  private static func positions(_ forms: [[String]]) -> [String: Int] {
    var result: [String: Int] = [:]
    for (index, names) in forms.enumerated() {
      for name in names { result[Tokenizer.words(name).joined(separator: " ")] = index }
    }
    return result
  }
}
