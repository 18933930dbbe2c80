import Foundation
import ParleyGateway

/// Streams a model's thinking to stderr, apart from the answer on stdout: dimmed on a terminal
/// (unless `NO_COLOR`), and made safe there like all model text. `--hide-reasoning` turns it off.
struct ReasoningPrinter {
    var enabled: Bool
    var makeVisible: Bool
    var dim: Bool
    /// Thinking has been written since the last answer text, so it needs closing.
    private var open = false

    init(enabled: Bool, makeVisible: Bool = Console.stderrIsTerminal,
         environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.enabled = enabled
        self.makeVisible = makeVisible
        self.dim = makeVisible && (environment["NO_COLOR"] ?? "").isEmpty
    }

    mutating func write(_ text: String) {
        guard enabled, !text.isEmpty else { return }
        let safe = makeVisible ? TextSanitizer.makeVisible(text) : text
        Console.err(dim ? "\u{1B}[2m\(safe)\u{1B}[22m" : safe)
        open = true
    }

    /// The answer begins (or the attempt ended): the thinking ends with a line of its own.
    mutating func close() {
        guard open else { return }
        open = false
        Console.err("\n")
    }
}
