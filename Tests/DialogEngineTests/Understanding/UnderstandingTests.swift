import DialogEngine
import Foundation
import Testing

@Suite("Understanding: reading what patients type")
struct UnderstandingTests: ReadsCRSLines {
  @Test(
    "lay words map to findings",
    arguments: [
      ("my heart is racing", "rapid_heartbeat"), ("I can't catch my breath", "difficulty_breathing"),
      ("I'm burning up", "fever"), ("he passed out", "fainting"),
      ("my words come out wrong", "difficulty_with_language"),
      ("she is seeing things", "hallucinations"), ("his lips look blue", "skin_discoloration"),
    ])
  func laySynonyms(text: String, finding: String) {
    #expect(present(text) == [finding])
  }

  @Test("misspellings within a small edit distance are understood")
  func misspellings() {
    #expect(present("dificulty breething") == ["difficulty_breathing"])
    #expect(present("I have a headach") == ["headache"])
    #expect(
      read("tisagenlecleucell", asking: "therapy").fill(for: "therapy")?.value
        == .choice(id: "tisagenlecleucel"))
  }

  @Test("a known word is never corrected into another")
  func knownWordsStay() {
    #expect(present("I have never fainted").isEmpty)
    #expect(absent("I have never fainted") == ["fainting"])
  }

  @Test("negation covers its clause and no further")
  func negationScope() {
    #expect(absent("no fever") == ["fever"])
    #expect(absent("I don't have a cough") == ["cough"])
    #expect(absent("haven't fainted") == ["fainting"])
    #expect(absent("no fever or cough") == ["fever", "cough"])
    #expect(present("no fever but a headache") == ["headache"])
    #expect(absent("no fever but a headache") == ["fever"])
    #expect(present("the rash is gone, now I have a cough") == ["cough"])
    #expect(absent("the rash is gone, now I have a cough") == ["rash"])
  }

  @Test("a negation word inside a finding's own phrase denies nothing else")
  func negationInsidePhrase() {
    #expect(present("I'm not feeling well and have a fever") == ["unwell", "fever"])
  }

  @Test("uncertain findings are kept as present and marked uncertain")
  func uncertainty() {
    let fever = read("I think I have a fever").observations
    #expect(fever == [Observation(finding: "fever", present: true, uncertain: true, words: "fever")])
    let confused = read("maybe I'm confused").observations
    #expect(
      confused == [Observation(finding: "confusion", present: true, uncertain: true, words: "confused")])
    let doubtfulDenial = read("I don't think I have a rash").observations
    #expect(doubtfulDenial.first?.present == true, "doubt never lowers urgency")
  }

  @Test("temperatures in °C and °F, with or without a unit")
  func temperatures() {
    func temperature(_ text: String) -> Double? {
      read(text, asking: "temperature").fill(for: "temperature")?.value.magnitude
    }
    #expect(temperature("38.5") == 38.5)
    #expect(abs(temperature("101.3F")! - 38.5) < 0.01)
    #expect(abs(temperature("101.3 °F")! - 38.5) < 0.01)
    #expect(temperature("39 degrees") == 39)
    #expect(temperature("it was 39,5") == 39.5, "a decimal comma is not dropped")
    #expect(temperature("about 500") == nil)
  }

  @Test(
    "pulse, blood pressure, oxygen saturation and age are read with their cues",
    arguments: [
      ("my pulse is 120", "pulse", 120.0), ("heart rate 96 bpm", "pulse", 96),
      ("BP 85/50", "blood_pressure", 85),
      ("blood pressure is 85 over 50", "blood_pressure", 85), ("oxygen 91%", "oxygen", 91),
      ("sats were 95 percent", "oxygen", 95), ("I'm 15 years old", "age", 15), ("he is 7 year old", "age", 7),
    ])
  func readings(text: String, slot: String, value: Double) {
    #expect(read(text).fill(for: slot)?.value.magnitude == value)
  }

  @Test("a number is not taken for a reading whose cue belongs to another number")
  func readingsKeepApart() {
    let reading = read("pulse 80 and oxygen 98%")
    #expect(reading.fill(for: "pulse")?.value.magnitude == 80)
    #expect(reading.fill(for: "oxygen")?.value.magnitude == 98)
    #expect(read("88%").fill(for: "oxygen")?.value.magnitude == 88, "the dialog makes % a cue for oxygen")
    #expect(
      read("temp went from 38 to 40").fill(for: "temperature")?.value.magnitude == 40, "the latest reading")
    #expect(read("pulse 90 earlier, now 135").fill(for: "pulse")?.value.magnitude == 135)
    #expect(read("88% oxygen").fill(for: "oxygen")?.value.magnitude == 88, "a cue after the unit")
  }

  @Test("an overheard number needs a cue close by")
  func overheardNumbersNeedCues() {
    #expect(read("my temperature is 39.5").fill(for: "temperature")?.value == .number(39.5, unit: "°C"))
    #expect(read("I'm 38 years old and have a fever").fill(for: "temperature") == nil)
    #expect(read("I had Kymriah 4 days ago and a fever").fill(for: "temperature") == nil)
  }

  @Test(
    "times are read as days before the session date",
    arguments: [
      ("4 days ago", 4.0), ("a week ago", 7), ("two weeks", 14), ("yesterday", 1), ("since yesterday", 1),
      ("last Tuesday", 1), ("on Monday", 2), ("Wednesday", 7), ("Nov 20", 5), ("20 November", 5),
      ("2026-11-01", 24), ("today", 0), ("a couple of days ago", 2),
    ])
  func durations(text: String, days: Double) {
    #expect(read(text, asking: "onset").fill(for: "onset")?.value == .days(days))
  }

  @Test("a date later in the year is last year's")
  func dateWithoutYearIsInThePast() {
    #expect(read("December 25", asking: "onset").fill(for: "onset")?.value == .days(335))
  }

  @Test(
    "therapy names are found anywhere in a sentence, any case",
    arguments: [
      ("I got BLINCYTO last week", "blinatumomab"), ("my dad had Campath", "alemtuzumab"),
      ("SGN-40 infusion", "dacetuzumab"), ("ATG yesterday", "anti_thymocyte_globulin"),
      ("on opdivo since march", "nivolumab"),
      ("had a bone marrow transplant", "transplant"), ("I had the flu", "infection"),
    ])
  func therapiesAnywhere(text: String, choice: String) {
    #expect(read(text).fill(for: "therapy")?.value == .choice(id: choice))
  }

  @Test("a value that must be asked is not overheard: “nothing” is no answer about therapy")
  func choicesThatAreNotOverheard() {
    #expect(read("nothing else hurts").fill(for: "therapy") == nil)
    #expect(read("nothing", asking: "therapy").fill(for: "therapy")?.value == .choice(id: "none"))
  }

  @Test("whole-line commands are commands; the same word inside a sentence is not")
  func commands() {
    #expect(read("back").command == .back)
    #expect(read("Start over!").command == .restart)
    #expect(read("my back hurts").command == nil)
  }
}
