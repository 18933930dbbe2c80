/// A model reference as users write it: `provider:model` (`openrouter:anthropic/claude-sonnet-4.6`),
/// or a bare model id that goes to the default provider.
///
/// Model ids may contain colons themselves (`ollama:llama3:8b`, `openrouter:meta/llama:free`), so
/// only the first colon separates, and only when what precedes it names a provider the caller knows.
public struct ModelRef: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public var provider: String
    public var model: String

    public init(provider: String, model: String) {
        self.provider = provider
        self.model = model
    }

    /// Parses `text`; `knownProviders` decides whether a prefix is a provider or part of the id.
    public static func parse(_ text: String, knownProviders: Set<String>, defaultProvider: String) -> ModelRef {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let colon = trimmed.firstIndex(of: ":") {
            let prefix = String(trimmed[..<colon])
            if knownProviders.contains(prefix) {
                return ModelRef(provider: prefix, model: String(trimmed[trimmed.index(after: colon)...]))
            }
        }
        return ModelRef(provider: defaultProvider, model: trimmed)
    }

    /// Splits a comma-separated chain (`a,b,c`) into model names. A piece that reads as a
    /// parameter (`ttft=0`) after a name with `@` parameters belongs to that name, so simulator
    /// models such as `stream@tps=0,ttft=0` survive inside a chain.
    public static func splitChain(_ text: String) -> [String] {
        var names: [String] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: true).map(String.init) {
            if let last = names.last, last.contains("@"), isParameter(piece) {
                names[names.count - 1] = last + "," + piece
            } else {
                names.append(piece)
            }
        }
        return names
    }

    /// `key=value` with a bare key (no provider prefix, no path): a simulator model parameter.
    private static func isParameter(_ piece: String) -> Bool {
        guard let equals = piece.firstIndex(of: "="), equals != piece.startIndex else { return false }
        return piece[..<equals].allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    public var description: String { "\(provider):\(model)" }

    public static func < (lhs: ModelRef, rhs: ModelRef) -> Bool { lhs.description < rhs.description }
}

import Foundation
