import ArgumentParser
import Foundation
import ParleyApp
import ParleyEngine
import ParleyGateway
import ParleyUI

/// `parley ask`: one question, the answer streamed to stdout.
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Ask one question and stream the answer to stdout.",
        discussion: """
            The prompt comes from the argument, or from stdin when it is absent or '-'. The answer goes to \
            stdout as it arrives; progress, the fallback log (--verbose) and errors go to stderr. On a \
            terminal, escape and control sequences in the answer are shown (as ^[ and the like), never \
            executed; piped output passes the text through as received.

            A failed attempt is retried on 408/409/429/5xx and network errors (at most twice, honouring \
            Retry-After), then the next model of --fallback is tried. If an answer breaks off after some \
            text, that text stays on stdout and the next model answers after it.

            A model that thinks before it answers has its thinking written to stderr (dimmed on a \
            terminal) while only the answer goes to stdout; --hide-reasoning leaves it out. The first \
            thinking token counts as the stream having started for --first-token-timeout.

            The question and the answer are saved in the history (see `parley history`), with tokens and \
            cost in the usage ledger (see `parley usage`).

            Exit status: 0 answered, 1 every model failed (one line on stderr says which model, what failed \
            and what the server said), 2 usage or configuration error (a file -f cannot attach, or a conversation longer than the model's context without --truncate), 3 the answer was printed but the \
            history could not be written (a warning on stderr says why), 130 interrupted.
            """
    ).parsedAlone()

    @Option(name: .shortAndLong, help: ArgumentHelp("Model reference, provider:model (default: the configured default, else demo:fast).", valueName: "model"))
    var model: String?

    @Option(name: .long, help: ArgumentHelp("Models to fall back to, in order (comma-separated references), or the name of a chain from the configuration.", valueName: "models"))
    var fallback: String?

    @Option(name: .long, help: ArgumentHelp("How to order the models.", valueName: "route"))
    var route: Route?

    @OptionGroup var providerOptions: ProviderOptions

    @Option(name: .long, help: ArgumentHelp("System prompt.", valueName: "text"))
    var system: String?

    @Flag(name: .customLong("continue"), help: "Continue the most recent conversation.")
    var continueLast = false

    @Option(name: .long, help: ArgumentHelp("Continue this conversation (an id or a unique prefix, see `parley history`).", valueName: "id"))
    var conversation: String?

    @Flag(name: .customLong("no-stream"), help: "Ask for the whole answer at once (stream: false) instead of streaming it.")
    var noStream = false

    @Flag(name: .long, help: "Print one JSON object (model, text, reasoning, usage, cost, timings, error, attempts) instead of the text.")
    var json = false

    @Flag(name: .customLong("hide-reasoning"), help: "Do not write the model's thinking to stderr.")
    var hideReasoning = false

    @Option(name: .long, help: .effort)
    var effort: ReasoningEffort?

    @OptionGroup var shape: RequestShapeOptions

    @Flag(name: .shortAndLong, help: "Print the fallback log on stderr, one line per event.")
    var verbose = false

    @Option(name: .long, help: ArgumentHelp("Total time limit for each attempt, in seconds.", valueName: "s"))
    var timeout: Double?

    @Option(name: .customLong("first-token-timeout"), help: ArgumentHelp("Time limit until the first token (of thinking or answer) of each attempt, in seconds.", valueName: "s"))
    var firstTokenTimeout: Double?

    @Option(name: .customLong("idle-timeout"), help: ArgumentHelp("Longest silence between two chunks once streaming, in seconds (a stall).", valueName: "s"))
    var idleTimeout: Double?

    @Argument(help: ArgumentHelp("The prompt; '-' or nothing reads it from stdin.", valueName: "prompt"))
    var prompt: String?

    func validate() throws {
        for (name, value) in [("--timeout", timeout), ("--first-token-timeout", firstTokenTimeout),
                              ("--idle-timeout", idleTimeout)] {
            try SecondsFlag.validate(name, value)
        }
        if continueLast && conversation != nil { throw ValidationError("--continue and --conversation exclude each other") }
    }

    func run() async throws {
        let promptText = try Console.prompt(prompt)
        let wiring = try await Wiring.make(providerOptions.connection, wholeAnswers: noStream,
                                           demo: .ifUsed([model, fallback].compactMap { $0 })) { policy in
            if let timeout { policy.timeouts.total = .seconds(timeout) }
            if let firstTokenTimeout { policy.timeouts.firstToken = .seconds(firstTokenTimeout) }
            if let idleTimeout { policy.timeouts.idle = .seconds(idleTimeout) }
        }
        try await wiring.runHeadless { try await HeadlessAsk(options).answer(promptText, wiring: wiring) }
    }

    /// The flags as `HeadlessAsk` takes them.
    private var options: HeadlessAsk.Options {
        var options = HeadlessAsk.Options()
        options.model = model
        options.fallback = fallback
        options.route = route
        options.system = system
        options.continueLast = continueLast
        options.conversation = conversation
        options.json = json
        options.verbose = verbose
        options.hideReasoning = hideReasoning
        options.effort = effort
        options.shape = shape.request
        return options
    }
}
