import ArgumentParser
import Foundation
import ParleyApp

/// `parley bench` (hidden): measures the Conductor's own overhead on the in-process simulator
/// (`ConductorBench`), or a keystroke's cost in the chat (`ChatBench`).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure fallback and comparison overhead on the simulator.",
        shouldDisplay: false
    ).parsedAlone()

    @Option(name: .long, help: "Repetitions of each measurement (the median is reported).")
    var runs = 30

    @Flag(name: .long, help: "Measure what a keystroke costs the chat instead (1 MB answer, 10,000 messages).")
    var chat = false

    func run() async throws {
        if chat { return ChatBench.measure(runs: min(runs, 5)) }
        try await ConductorBench.measure(runs: runs)
    }
}
