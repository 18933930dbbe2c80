public import Foundation
import ParleyModel

/// Streams a model's thinking to stderr, apart from the answer on stdout: dimmed on a terminal
/// (unless `NO_COLOR`), and made safe there like all model text. `--hide-reasoning` turns it off.
public struct ReasoningPrinter: Sendable {
    public var enabled: Bool
    public var makeVisible: Bool
    public var dim: Bool
    private let output: HeadlessOutput
    /// Thinking has been written since the last answer text, so it needs closing.
    private var open = false

    public init(enabled: Bool, output: HeadlessOutput,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.enabled = enabled
        self.output = output
        self.makeVisible = output.stderrIsTerminal
        self.dim = makeVisible && (environment["NO_COLOR"] ?? "").isEmpty
    }

    public mutating func write(_ text: String) {
        guard enabled, !text.isEmpty else { return }
        let safe = makeVisible ? TextSanitizer.makeVisible(text) : text
        output.err(dim ? "\u{1B}[2m\(safe)\u{1B}[22m" : safe)
        open = true
    }

    /// The answer begins (or the attempt ended): the thinking ends with a line of its own.
    public mutating func close() {
        guard open else { return }
        open = false
        output.err("\n")
    }
}
