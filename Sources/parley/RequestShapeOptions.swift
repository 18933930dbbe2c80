import ArgumentParser
import ParleyApp
import ParleyEngine

/// `--role`, `--temperature`, `--max-tokens`, `-f FILE` and `--truncate`, shared by `ask` and
/// `compare`: how the request is shaped, apart from which models answer it.
struct RequestShapeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A role from the configuration ([roles.NAME]): its system prompt, and its model, temperature, max tokens and effort where the flags give none.", valueName: "name"))
    var role: String?

    @Option(name: .long, help: ArgumentHelp("Sampling temperature, 0 to 2 (wins over the role's and the config's).", valueName: "t"))
    var temperature: Double?

    @Option(name: .customLong("max-tokens"), help: ArgumentHelp("The longest answer, in tokens (1 to 1000000); sent as max_completion_tokens to OpenAI, max_tokens elsewhere.", valueName: "n"))
    var maxTokens: Int?

    @Option(name: [.customShort("f"), .customLong("file")], help: ArgumentHelp("Attach a text file (repeatable): it goes into the question under its name, fenced. At most 256 KiB each; binary files are refused.", valueName: "file"))
    var files: [String] = []

    @Flag(name: .long, help: "When the conversation is longer than the model's context, send only the most recent turns that fit (otherwise it is an error).")
    var truncate = false

    func validate() throws {
        if let temperature, let problem = RequestParameters.temperatureProblem(temperature) {
            throw ValidationError("--temperature: \(problem)")
        }
        if let maxTokens, let problem = RequestParameters.maxTokensProblem(maxTokens) {
            throw ValidationError("--max-tokens: \(problem)")
        }
        if files.count > Attachment.maximumCount {
            throw ValidationError("-f: at most \(Attachment.maximumCount) files (got \(files.count))")
        }
    }

    /// The flags as the app module takes them.
    var request: RequestShape {
        RequestShape(role: role, temperature: temperature, maxTokens: maxTokens, files: files, truncate: truncate)
    }
}
