import ArgumentParser
import Foundation
import ParleyEngine
import ParleyGateway

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

    /// The role `--role` names, from the configuration.
    func chosenRole(_ wiring: Wiring) throws -> PromptRole? {
        guard let role else { return nil }
        let roles = wiring.configuration?.roles ?? [:]
        guard let found = roles[role] else {
            let known = roles.keys.sorted()
            throw CommandFailure.usage("--role \(Attachment.displayName(role)): no such role in the configuration"
                + (known.isEmpty ? " (it defines none: see docs/configuration.md, Roles)" : " — roles: " + known.joined(separator: ", ")))
        }
        return found
    }

    /// The flags' parameters, then the role's where the flags give none.
    func parameters(role: PromptRole?) -> RequestParameters {
        RequestParameters(temperature: temperature, maxTokens: maxTokens).over(role?.parameters ?? RequestParameters())
    }

    /// `prompt` with the `-f` files before it; a file that cannot be attached is a usage error.
    func message(_ prompt: String) throws -> String {
        do {
            return Attachment.message(prompt, attachments: try files.map { try Attachment.read($0) })
        } catch {
            throw CommandFailure.usage(String(describing: error))
        }
    }

    /// `messages` checked against `model`'s context length from the catalogue: as they are when
    /// they fit (or the length is unknown), the most recent turns with `--truncate` (said on
    /// stderr), else an error that says how to proceed. Nothing is ever cut silently.
    func guarded(_ messages: [ChatMessage], for model: ModelRef, wiring: Wiring) async throws -> [ChatMessage] {
        // No model has so small a context that this could be over it: spare the everyday
        // question the catalogue fetch (up to 3 s where it is not cached).
        if ContextGuard.estimatedTokens(messages) <= ContextGuard.alwaysFits { return messages }
        let models = await wiring.catalogues.models(of: model.provider, timeout: .seconds(3)) ?? []
        let base = String(model.model.prefix { $0 != "@" })
        let length = (models.first { $0.id == model.model } ?? models.first { $0.id == base })?.contextLength
        guard case .tooLong(let estimated, let limit) = ContextGuard.check(messages, contextLength: length) else {
            return messages
        }
        let why = ContextGuard.explanation(estimated: estimated, limit: limit, model: model)
        guard truncate else {
            throw CommandFailure(status: ExitStatus.contextTooLong,
                                 message: "\(why); nothing was sent. --truncate sends only the most recent turns that fit")
        }
        guard let recent = ContextGuard.recentTurns(messages, contextLength: limit) else {
            throw CommandFailure(status: ExitStatus.contextTooLong,
                                 message: "\(why); even the last message alone does not fit, so nothing was sent")
        }
        Console.err("warning: \(why); sending only the last \(recent.filter { $0.role != .system }.count) of \(messages.filter { $0.role != .system }.count) messages (--truncate)\n")
        return recent
    }
}

extension ExitStatus {
    /// The conversation is longer than the model's context and `--truncate` was not given.
    static let contextTooLong: Int32 = 2
}
