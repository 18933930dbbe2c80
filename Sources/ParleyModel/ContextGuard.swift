
/// Checks a conversation against a model's context length before it is sent. Parley never
/// cuts a conversation on its own: the guard only says it is too long, and builds the shorter
/// one (the system prompt and the most recent turns) for when the user asks for it.
public enum ContextGuard {
    /// What sending would do.
    public enum Verdict: Sendable, Hashable {
        /// Fits, or the model's context length is unknown.
        case fits
        /// About `estimated` tokens against a context of `limit`.
        case tooLong(estimated: Int, limit: Int)
    }

    /// Room kept free for the answer itself: a conversation that fills the context exactly
    /// leaves the model nothing to say.
    public static func answerRoom(contextLength: Int) -> Int { min(4096, contextLength / 4) }

    /// Estimated tokens below which no model's context is exceeded (the smallest in use take
    /// 2048, of which 1536 are left after the answer's room): callers may skip the lookup.
    public static let alwaysFits = 1024

    /// The rough prompt tokens of `messages`: four characters a token, as everywhere Parley
    /// estimates, plus a few per message for the roles and separators.
    public static func estimatedTokens(_ messages: [ChatMessage]) -> Int {
        messages.reduce(0) { $0 + 4 + (($1.content.count + 3) / 4) + $1.images.count * ImagePart.estimatedTokens }
    }

    /// Whether `messages` leave room for an answer in `contextLength` tokens.
    public static func check(_ messages: [ChatMessage], contextLength: Int?) -> Verdict {
        guard let contextLength, contextLength > 0 else { return .fits }
        let estimated = estimatedTokens(messages)
        let limit = contextLength - answerRoom(contextLength: contextLength)
        return estimated > limit ? .tooLong(estimated: estimated, limit: contextLength) : .fits
    }

    /// The system messages and the most recent messages that fit in `contextLength` (less the
    /// answer's room), always with the last message; nil when even that does not fit.
    public static func recentTurns(_ messages: [ChatMessage], contextLength: Int) -> [ChatMessage]? {
        let budget = contextLength - answerRoom(contextLength: contextLength)
        let system = messages.filter { $0.role == .system }
        var used = estimatedTokens(system)
        var kept: [ChatMessage] = []
        for message in messages.reversed() where message.role != .system {
            let cost = estimatedTokens([message])
            guard used + cost <= budget else { break }
            used += cost
            kept.insert(message, at: 0)
        }
        // A reply cannot start the history: the model would see an answer to nothing.
        while kept.first?.role == .assistant { kept.removeFirst() }
        guard let last = messages.last, kept.last == last else { return nil }
        return system + kept
    }

    /// One line for the user: how far over, and what to do. With `facts` from the local server
    /// the window is the one it runs the model with, and Ollama's silent cut is named.
    public static func explanation(estimated: Int, limit: Int, model: ModelRef, facts: LocalModelFacts? = nil) -> String {
        guard let facts, facts.contextWindow == limit else {
            return "the conversation is about \(estimated) tokens; \(model) takes \(limit) (with room for the answer)"
        }
        // The silent cut first: a notice line narrower than the text keeps its start.
        if facts.truncatesSilently {
            return "Ollama would truncate this conversation silently: it is about \(estimated) tokens and Ollama runs \(model) with a window of \(limit) (\(facts.windowOrigin))"
        }
        return "the conversation is about \(estimated) tokens; \(facts.server.rawValue) runs \(model) with a window of \(limit) (\(facts.windowOrigin))"
    }

    /// The window to check a conversation for `model` against: the local server's when it said
    /// (Ollama, llama.cpp), else the catalogue's context length.
    public static func contextLength(catalogue: Int?, facts: LocalModelFacts?) -> Int? {
        facts?.contextWindow ?? catalogue
    }
}
