import Foundation

/// How hard a reasoning model should think: what `/effort`, `--effort` and `effort = "…"` in the
/// config say. `off` asks the model not to think at all, where the endpoint can turn it off.
public enum ReasoningEffort: String, Sendable, Hashable, CaseIterable, Codable {
    case off, low, medium, high

    /// Parses what a user types (`off`, `none` and `no` all mean off; case is ignored).
    public init?(argument: String) {
        let word = argument.trimmingCharacters(in: .whitespaces).lowercased()
        switch word {
        case "none", "no", "disabled", "false": self = .off
        default:
            guard let known = ReasoningEffort(rawValue: word) else { return nil }
            self = known
        }
    }

    /// The accepted words, for help and error texts.
    public static let choices = allCases.map(\.rawValue).joined(separator: "|")
}
