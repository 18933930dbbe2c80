import Foundation
public import ParleyEngine
import ParleyGateway
public import ParleyUI

/// How a headless request is shaped, apart from which models answer it: `--role`,
/// `--temperature`, `--max-tokens`, `-f FILE` and `--truncate` as `ask` and `compare` parsed them.
public struct RequestShape: Sendable {
    public var role: String?
    public var temperature: Double?
    public var maxTokens: Int?
    public var files: [String]
    public var truncate: Bool

    public init(role: String? = nil, temperature: Double? = nil, maxTokens: Int? = nil, files: [String] = [],
                truncate: Bool = false) {
        self.role = role
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.files = files
        self.truncate = truncate
    }

    /// The role `--role` names, from the configuration.
    public func chosenRole(_ wiring: Wiring) throws -> PromptRole? {
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
    public func parameters(role: PromptRole?) -> RequestParameters {
        RequestParameters(temperature: temperature, maxTokens: maxTokens).over(role?.parameters ?? RequestParameters())
    }

    /// The `-f` files, each read once: a pipe (`-f <(git diff)`) gives its bytes to the first
    /// read only. A file that cannot be attached is a usage error.
    public func readFiles() throws -> [Attachment] {
        do {
            return try files.map { try Attachment.read($0) }
        } catch {
            throw CommandFailure.usage(String(describing: error))
        }
    }

    /// `messages` with the images among `attachments` on their last user message, when `model`
    /// takes images (its catalogue lists image input, or its Ollama or llama.cpp server says
    /// so); a usage error naming the files otherwise. Without images, `messages` as they are.
    public func withImages(_ messages: [ChatMessage], _ attachments: [Attachment], for model: ModelRef,
                           wiring: Wiring) async throws -> [ChatMessage] {
        let images = Attachment.images(attachments)
        guard !images.isEmpty, let last = messages.lastIndex(where: { $0.role == .user }) else { return messages }
        let names = attachments.filter { $0.image != nil }.map(\.name)
        let (accepts, listed) = await Self.acceptsImages(model, wiring: wiring)
        if accepts == nil, !listed {
            throw CommandFailure.usage("cannot attach \(names.joined(separator: ", ")): whether \(model) takes images is not known: "
                + "the model list of '\(model.provider)' did not answer within \(Self.catalogueWait.components.seconds) s; nothing was sent")
        }
        if let refusal = Attachment.imageRefusal(names, model: model, acceptsImages: accepts) {
            throw CommandFailure.usage(refusal)
        }
        var out = messages
        out[last].images = images
        return out
    }

    /// How long a headless command waits for a provider's model list it has not cached.
    static let catalogueWait = Duration.seconds(3)

    /// Whether `model` takes images: its local server's word first, then its catalogue's; and
    /// whether there was a catalogue to ask (false: the model list did not answer in time).
    static func acceptsImages(_ model: ModelRef, wiring: Wiring) async -> (accepts: Bool?, listed: Bool) {
        if wiring.localFacts.canAsk(about: model), let local = await wiring.localFacts.facts(for: model)?.acceptsImages {
            return (local, true)
        }
        guard let models = await wiring.catalogues.models(of: model.provider, timeout: Self.catalogueWait) else {
            return (nil, false)
        }
        let base = String(model.model.prefix { $0 != "@" })
        return ((models.first { $0.id == model.model } ?? models.first { $0.id == base })?.acceptsImages, true)
    }

    /// `messages` checked against `model`'s context length from the catalogue: as they are when
    /// they fit (or the length is unknown), the most recent turns with `--truncate` (said on
    /// `output`'s stderr), else an error that says how to proceed. Nothing is ever cut silently.
    public func guarded(_ messages: [ChatMessage], for model: ModelRef, wiring: Wiring,
                        output: HeadlessOutput) async throws -> [ChatMessage] {
        // A local server is asked what window it really runs the model with (Ollama cuts
        // silently, and its num_ctx may be set below 1024); it answers in milliseconds.
        let local = wiring.localFacts.canAsk(about: model)
        // No catalogued model has so small a context that this could be over it: spare the
        // everyday question the catalogue fetch (up to 3 s where it is not cached).
        if !local, ContextGuard.estimatedTokens(messages) <= ContextGuard.alwaysFits { return messages }
        let facts = local ? await wiring.localFacts.facts(for: model) : nil
        var length = facts?.contextWindow
        if length == nil {
            let models = await wiring.catalogues.models(of: model.provider, timeout: Self.catalogueWait) ?? []
            let base = String(model.model.prefix { $0 != "@" })
            length = (models.first { $0.id == model.model } ?? models.first { $0.id == base })?.contextLength
        }
        guard case .tooLong(let estimated, let limit) = ContextGuard.check(messages, contextLength: length) else {
            return messages
        }
        let why = ContextGuard.explanation(estimated: estimated, limit: limit, model: model, facts: facts)
        guard truncate else {
            throw CommandFailure(status: ExitStatus.contextTooLong,
                                 message: "\(why); nothing was sent. --truncate sends only the most recent turns that fit")
        }
        guard let recent = ContextGuard.recentTurns(messages, contextLength: limit) else {
            throw CommandFailure(status: ExitStatus.contextTooLong,
                                 message: "\(why); even the last message alone does not fit, so nothing was sent")
        }
        output.err("warning: \(why); sending only the last \(recent.filter { $0.role != .system }.count) of \(messages.filter { $0.role != .system }.count) messages (--truncate)\n")
        return recent
    }
}
