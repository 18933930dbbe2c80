import Foundation

/// Recognises text that is probably an API key, so it can be refused or hidden rather than
/// echoed. False positives only cost a slightly vaguer message; false negatives could leak a key,
/// so the rules lean towards "looks like a key".
enum SecretHeuristics {
    /// Prefixes used by the providers Parley knows (OpenAI `sk-`, OpenRouter `sk-or-`, ZenMux
    /// `sk-ai-` / `sk-ss-`, Anthropic `sk-ant-`, GitHub, Google, Slack, Hugging Face, Groq …).
    private static let keyPrefixes = ["sk-", "sk_", "pk-", "rk-", "ghp_", "gho_", "github_pat_", "xoxb-",
                                      "xoxp-", "AIza", "hf_", "gsk_", "Bearer ", "bearer "]

    static func looksLikeKey(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if keyPrefixes.contains(where: { trimmed.hasPrefix($0) }) && trimmed.count >= 8 { return true }
        return looksLikeRandomToken(trimmed)
    }

    /// A long run of letters and digits mixing case and digits, with no spaces or path
    /// separators: what generated tokens look like and what names, URLs and commands do not.
    private static func looksLikeRandomToken(_ text: String) -> Bool {
        guard text.count >= 24, !text.contains(where: { $0.isWhitespace || $0 == "/" || $0 == "." || $0 == ":" })
        else { return false }
        let hasDigit = text.contains(where: \.isNumber)
        let hasLower = text.contains(where: \.isLowercase)
        let hasUpper = text.contains(where: \.isUppercase)
        let underscores = text.filter { $0 == "_" }.count
        // SOME_LONG_VARIABLE_NAME_2 is a name, not a key.
        if !hasLower && underscores > 0 { return false }
        return hasDigit && (hasLower || hasUpper) && (hasLower && hasUpper || underscores == 0)
    }

    /// Replaces anything key-like inside a longer text (a key command line, a header value).
    static func redactingKeys(in text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false)
            .map { looksLikeKey(String($0)) ? "<redacted>" : String($0) }
            .joined(separator: " ")
    }
}
