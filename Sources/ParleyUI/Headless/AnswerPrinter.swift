import ParleyModel

/// Streams answer text to stdout, made visible on a terminal and flushed as it comes.
public struct AnswerPrinter: Sendable {
    public var enabled: Bool
    private let output: HeadlessOutput

    public init(enabled: Bool, output: HeadlessOutput) {
        self.enabled = enabled
        self.output = output
    }

    public func write(_ text: String) {
        guard enabled else { return }
        output.streamOut(output.stdoutIsTerminal ? TextSanitizer.makeVisible(text) : text)
    }

    /// An answer broke off: the next model's answer starts on a line of its own.
    public func breakOff() {
        guard enabled else { return }
        output.out("\n")
    }

    /// Ends the answer with a newline on a terminal, so the prompt starts on its own line.
    public func finish() {
        if enabled && output.stdoutIsTerminal { output.out("\n") }
        output.flush()
    }
}
