import ArgumentParser
import Benchmarking
import DialogEngine
import Foundation

/// `EngineBenchmark`: the engine's costs in-process, without sockets or transcripts: the step function
/// (understanding and graph walk) over the vignettes, loading and validating the dialog, and how both
/// grow with the dialog's size and the line's length. Prints one JSON object; `scripts/bench` tabulates.
@main
struct EngineBenchmarkCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "EngineBenchmark", abstract: "Measure the dialog engine in-process.")

  @Option(help: "The dialog.")
  var dialog = "Dialogs/crs.yaml"

  @Option(help: "The patients' scripts: a vignettes file.")
  var vignettes = "Tests/DialogEngineTests/Fixtures/vignettes.yaml"

  @Option(help: "Seconds spent on each measurement, at the least.")
  var seconds = 2.0

  @Option(parsing: .upToNextOption, help: "Sizes of the generated dialogs, as multiples of the CRS dialog's.")
  var scales: [Int] = [1, 10, 100]

  func run() throws {
    let yaml = try String(contentsOfFile: dialog, encoding: .utf8)
    let loaded = try DialogLoader.load(path: dialog)
    let sampler = Sampler(budget: .seconds(seconds), minimum: 5)

    let load = Percentiles(sampler.sample { _ = DialogLoader.read(yaml: yaml, path: dialog) })
    let engine = Engine(dialog: loaded)
    let build = Percentiles(sampler.sample { _ = Engine(dialog: loaded) })
    let steps = Percentiles(try vignetteSteps(engine))
    let mean = Double(steps.sorted.reduce(0, +)) / Double(max(steps.count, 1))

    let base = loaded.findings.count
    var scaled: [[String: Any]] = []
    for scale in scales {
      let synthetic = try SyntheticDialog(size: base * scale, basePath: dialog)
      scaled.append(try measure(synthetic, sampler: Sampler(budget: .seconds(seconds), minimum: 3)))
    }
    var lengths: [[String: Any]] = []
    for bytes in [16, 128, 1024, 4096] {
      let step = Percentiles(lineSteps(engine, bytes: bytes, sampler: sampler))
      lengths.append(["bytes": bytes, "step_median_ns": step.median])
    }

    let figures: [String: Any] = [
      "step_median_ns": steps.median, "step_p90_ns": steps.at(90), "step_p99_ns": steps.at(99),
      "step_mean_ns": mean, "turns_per_s": 1e9 / mean, "steps": steps.count,
      "load_median_ms": Double(load.median) / 1e6, "engine_init_median_ms": Double(build.median) / 1e6,
      "scale": scaled, "line_length": lengths,
    ]
    var summary = String(
      format: "engine: step median %.1f µs (p99 %.1f µs), %.0f turns/s on one core; load+validate %.1f ms, "
        + "engine set-up %.1f ms", Double(steps.median) / 1000, Double(steps.at(99)) / 1000, 1e9 / mean,
      Double(load.median) / 1e6, Double(build.median) / 1e6)
    for row in scaled {
      summary +=
        "\n  \(row["findings"]!) findings: load+validate \(row["load_median_ms"]!) ms, step \(row["step_median_ns"]!) ns"
    }
    for row in lengths { summary += "\n  \(row["bytes"]!)-byte line: step \(row["step_median_ns"]!) ns" }
    BenchmarkOutput.emit(figures, summary: summary)
  }

  /// Every turn of every vignette, timed one by one, over and over until the budget is spent.
  private func vignetteSteps(_ engine: Engine) throws -> [UInt64] {
    let script = try PatientScript(contentsOf: vignettes)
    let clock = ContinuousClock()
    let until = clock.now + .seconds(seconds)
    var samples: [UInt64] = []
    var number = 0
    while clock.now < until || number < script.vignettes.count {
      var patient = script.patient(number)
      number += 1
      var step = engine.start(id: "bench", at: Date())
      var slot = step.question?.slot
      var turns = 0
      while step.session.isActive, let asked = slot, turns < 60 {
        turns += 1
        let line = patient.answer(toSlot: asked)
        let session = step.session
        samples.append(clock.measure { step = engine.respond(to: line, in: session) }.nanoseconds)
        slot = step.question?.slot ?? slot
      }
    }
    return samples
  }

  /// One answer at the opening question, of about `bytes` bytes of ordinary words with findings in them.
  private func lineSteps(_ engine: Engine, bytes: Int, sampler: Sampler) -> [UInt64] {
    let sentence = "I feel tired and I have a headache and some chills since yesterday, "
    let line = String(String(repeating: sentence, count: bytes / sentence.utf8.count + 1).prefix(bytes))
    let session = engine.start(id: "bench", at: Date()).session
    return sampler.sample { _ = engine.respond(to: line, in: session) }
  }

  /// Load+validate and one step of a generated dialog.
  private func measure(_ synthetic: SyntheticDialog, sampler: Sampler) throws -> [String: Any] {
    let yaml = synthetic.yaml
    let path = "synthetic-\(synthetic.size).yaml"
    let load = Percentiles(sampler.sample { _ = DialogLoader.read(yaml: yaml, path: path) })
    let (dialog, diagnostics) = DialogLoader.read(yaml: yaml, path: path)
    guard let dialog, !diagnostics.contains(where: { $0.severity == .error }) else {
      throw BenchmarkError("the generated dialog does not validate: \(diagnostics.prefix(3))")
    }
    let engine = Engine(dialog: dialog)
    let session = engine.start(id: "bench", at: Date()).session
    let line =
      "no but I have had a headache and \(SyntheticDialog.phrase(synthetic.size - 1, 3)) since yesterday"
    let step = Percentiles(sampler.sample { _ = engine.respond(to: line, in: session) })
    return [
      "findings": synthetic.size, "nodes": dialog.nodes.count, "load_median_ms": Double(load.median) / 1e6,
      "step_median_ns": step.median,
    ]
  }
}
