import ArgumentParser
import Foundation
import ParleyGateway

/// `parley ask`: one question, the answer streamed to stdout.
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Ask one question and stream the answer to stdout.",
        discussion: """
            The prompt comes from the argument, or from stdin when it is absent or '-'. The answer goes to \
            stdout as it arrives; progress and errors go to stderr. On a terminal, escape and control \
            sequences in the answer are shown (as ^[ and the like), never executed; piped output passes \
            the text through as received.

            Exit status: 0 answered, 1 the model failed (one line on stderr says which model, what failed \
            and what the server said), 2 usage or configuration error, 130 interrupted.
            """
    )

    @Option(name: .shortAndLong, help: ArgumentHelp("Model reference, provider:model (default: the configured default, else demo:fast).", valueName: "model"))
    var model: String?

    @OptionGroup var providerOptions: ProviderOptions

    @Option(name: .long, help: ArgumentHelp("System prompt.", valueName: "text"))
    var system: String?

    @Flag(name: .customLong("no-stream"), help: "Wait for the whole answer instead of streaming it.")
    var noStream = false

    @Flag(name: .long, help: "Print one JSON object (model, text, usage, timings, error) instead of the text.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Total time limit for the answer, in seconds.", valueName: "s"))
    var timeout: Double?

    @Option(name: .customLong("first-token-timeout"), help: ArgumentHelp("Time limit until the first token, in seconds.", valueName: "s"))
    var firstTokenTimeout: Double?

    @Option(name: .customLong("idle-timeout"), help: ArgumentHelp("Longest silence between two chunks once streaming, in seconds (a stall).", valueName: "s"))
    var idleTimeout: Double?

    @Option(name: .customLong("max-tokens"), help: ArgumentHelp("Upper bound on the answer's tokens.", valueName: "n"))
    var maxTokens: Int?

    @Argument(help: ArgumentHelp("The prompt; '-' or nothing reads it from stdin.", valueName: "prompt"))
    var prompt: String?

    func validate() throws {
        if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds") }
        if let firstTokenTimeout, !(firstTokenTimeout > 0) {
            throw ValidationError("--first-token-timeout must be a positive number of seconds")
        }
        if let idleTimeout, !(idleTimeout > 0) { throw ValidationError("--idle-timeout must be a positive number of seconds") }
        if let maxTokens, maxTokens <= 0 { throw ValidationError("--max-tokens must be positive") }
    }

    func run() async throws {
        let promptText = try readPrompt()
        let wiring = try await Wiring.make(providerOptions)
        InterruptHandler.install()
        let status: Int32
        do {
            status = try await answer(promptText, wiring: wiring)
        } catch {
            await wiring.shutdown()
            throw error
        }
        await wiring.shutdown()
        if status != ExitStatus.success { throw CommandFailure(status: status, message: "") }
    }

    private func readPrompt() throws -> String {
        if let prompt, prompt != "-" { return prompt }
        if Console.stdinIsTerminal {
            throw CommandFailure.usage("no prompt: give it as an argument or pipe it on stdin")
        }
        let text = Console.readStandardInput()
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CommandFailure.usage("the prompt on stdin is empty")
        }
        return text
    }

    private var timeouts: Timeouts {
        var t = Timeouts.standard
        if let timeout { t.total = .milliseconds(Int64(timeout * 1000)) }
        if let firstTokenTimeout { t.firstToken = .milliseconds(Int64(firstTokenTimeout * 1000)) }
        if let idleTimeout { t.idle = .milliseconds(Int64(idleTimeout * 1000)) }
        return t
    }

    private func answer(_ promptText: String, wiring: Wiring) async throws -> Int32 {
        let modelRef = model.map(wiring.resolve) ?? wiring.defaultModel
        let provider = try wiring.provider(for: modelRef)
        var messages: [ChatMessage] = []
        if let system { messages.append(ChatMessage(role: .system, content: system)) }
        messages.append(ChatMessage(role: .user, content: promptText))
        let request = ChatRequest(model: modelRef.model, messages: messages, maxTokens: maxTokens)

        var report = AskReport(model: modelRef)
        let printer = AnswerPrinter(enabled: !json, makeVisible: Console.stdoutIsTerminal)
        let clock = ContinuousClock()
        let started = clock.now
        do {
            if noStream {
                let completion = try await wiring.client.complete(request, provider: provider, timeouts: timeouts)
                report.text = completion.text
                report.usage = completion.usage
                report.servedBy = completion.servedBy
                report.timeToFirstToken = clock.now - started
                printer.write(completion.text)
            } else {
                for try await event in wiring.client.streamChat(request, provider: provider, timeouts: timeouts) {
                    switch event {
                    case .text(let text):
                        if report.timeToFirstToken == nil { report.timeToFirstToken = clock.now - started }
                        report.text += text
                        printer.write(text)
                    case .usage(let usage): report.usage = usage
                    case .servedBy(let model): report.servedBy = model
                    case .finished, .opened: break
                    }
                }
            }
            report.duration = clock.now - started
            printer.finish()
        } catch {
            report.duration = clock.now - started
            printer.finish()
            let failure = (error as? GatewayError) ?? .network(message: String(describing: error))
            if failure == .cancelled { throw CommandFailure(status: ExitStatus.interrupted, message: "interrupted") }
            report.error = failure
            if json { Console.out(report.json() + "\n") }
            Console.error("\(modelRef) failed: \(failure.summary)")
            return ExitStatus.modelFailed
        }
        if json { Console.out(report.json() + "\n") }
        return ExitStatus.success
    }
}

/// Streams answer text to stdout, made visible on a terminal and flushed as it comes.
struct AnswerPrinter {
    var enabled: Bool
    var makeVisible: Bool

    func write(_ text: String) {
        guard enabled else { return }
        Console.out(makeVisible ? TextSanitizer.makeVisible(text) : text)
    }

    /// Ends the answer with a newline on a terminal, so the prompt starts on its own line.
    func finish() {
        if enabled && makeVisible { Console.out("\n") }
    }
}
