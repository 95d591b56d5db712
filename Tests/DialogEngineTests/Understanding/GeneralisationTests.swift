import DialogEngine
import Foundation
import Testing

/// How the understanding generalises beyond its phrase lists: normalised text, inflections, fillers
/// between a phrase's words, findings described by their parts, and words it did not understand kept.
@Suite("Understanding: generalising beyond the phrase lists")
struct GeneralisationTests: ReadsCRSLines {
  @Test(
    "invisible format characters and compatibility forms do not hide a word",
    arguments: [
      "I can't bre\u{200D}athe", "I can't bre\u{00AD}athe", "I can't \u{FEFF}breathe", "ｃａｎｔ ｂｒｅａｔｈｅ",
    ])
  func invisibleCharacters(text: String) {
    #expect(present(text).contains("difficulty_breathing"))
  }

  @Test("a zero-width space inside a word still reads the word")
  func zeroWidthSpace() {
    #expect(present("chest p\u{200B}ain").contains("chest_pain"))
  }

  @Test("a letter repeated for emphasis counts once", arguments: ["sooooo dizzzzy", "DIZZYYYYY"])
  func repeatedLetters(text: String) {
    #expect(present(text).contains("dizziness"))
  }

  @Test("a word group member of several words counts only when its words stand together, in order")
  func membersOfSeveralWords() {
    #expect(present("he hasnt passed water since yesterday").contains("organ_failure"))
    #expect(!present("she hasnt had any water today").contains("organ_failure"))
    #expect(present("she keeps talking to no one").contains("hallucinations"))
    #expect(!present("she keeps talking, no, one of us is with her").contains("hallucinations"))
  }

  @Test("text-speak is written out before matching")
  func textSpeak() {
    #expect(Tokenizer.tokens("r u ok").count == 3)
    #expect(read("idk", asking: "subject").fill(for: "subject")?.value == .unknown)
  }

  @Test(
    "fillers may stand between a phrase's words",
    arguments: [
      ("my heart is beating way too fast", "rapid_heartbeat"),
      ("I am short of my breath", "difficulty_breathing"),
    ])
  func fillers(text: String, finding: String) {
    #expect(present(text).contains(finding))
  }

  @Test("a negation is never a filler")
  func negationIsNoFiller() {
    #expect(!present("my heart is not racing").contains("rapid_heartbeat"))
  }

  @Test(
    "inflections match their phrase",
    arguments: [
      ("she fainted", "fainting"), ("he keeps fainting", "fainting"), ("he was seizing", "seizures"),
    ])
  func inflections(text: String, finding: String) {
    #expect(present(text).contains(finding))
  }

  @Test(
    "findings are recognised from their parts",
    arguments: [
      ("his mouth has gone a bluish colour", "skin_discoloration"),
      ("I feel like I can't fill my lungs", "difficulty_breathing"),
      ("we can't rouse him", "sleepiness"), ("she went rigid and twitchy", "seizures"),
    ])
  func parts(text: String, finding: String) {
    #expect(present(text).contains(finding))
  }

  @Test("a negation between a description's parts denies it")
  func negatedParts() {
    #expect(!present("my temperature is not high").contains("high_fever"))
  }

  @Test("words not understood are kept, and kept as a finding when they sound like a symptom")
  func unreadWords() {
    let reading = read("my tongue feels thick and furry")
    #expect(reading.unread.contains("tongue feels thick"))
    #expect(reading.observations.contains { $0.finding == "not_understood_symptom" && $0.present })
    #expect(read("hello there").unread.isEmpty)
  }

  @Test("an age is taken from the answer to who it is about")
  func ageWithSubject() {
    let subject = Fixtures.crs.slot("subject")!
    let age = Fixtures.crs.slot("age")!
    let reading = understanding.read(
      "he's 78, I'm his son", asking: subject, alsoAsking: [age], today: Fixtures.today, calendar: calendar)
    #expect(reading.fill(for: "subject")?.value == .choice(id: "someone"))
    #expect(reading.fill(for: "age")?.value.magnitude == 78)
  }

  @Test("the highest temperature counts, not the one after a medicine for fever")
  func highestTemperature() {
    let reading = read("37.8 but I took tylenol an hour ago, it was 39.6 before", asking: "temperature")
    #expect(reading.fill(for: "temperature")?.value.magnitude == 39.6)
  }

  @Test("the lowest oxygen level counts, not the usual one said after it")
  func lowestOxygen() {
    let reading = read("the oximeter shows 89% and I'm usually 98", asking: "readings")
    #expect(reading.fill(for: "oxygen")?.value.magnitude == 89)
  }

  @Test(
    "a dropped g is read as the word it stands for",
    arguments: ["hes slurrin his words", "shes seein things"])
  func droppedG(text: String) {
    #expect(!present(text).isEmpty)
  }

  @Test("a word of a phrase that stands between word groups is never corrected into another word")
  func wordsAroundWordGroups() {
    // "whose" is known only from "<not_knowing> whose <places>"; it must not become "whole".
    #expect(present("he keeps asking whose house this is").contains("confusion"))
  }

  @Test(
    "a breathing rate is read from its count per minute",
    arguments: ["mum is breathing 40 times a minute", "respiratory rate 36", "breaths 30 per minute"])
  func breathingRate(text: String) {
    #expect(read(text, asking: "readings").fill(for: "breathing_rate")?.value.magnitude != nil)
  }
}
