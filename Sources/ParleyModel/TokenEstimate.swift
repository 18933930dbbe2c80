/// Rough token counts for when the server sends none and for pricing before sending.
/// About four characters a token is what OpenAI's own guidance uses for English text.
public enum TokenEstimate {
    /// Per-message framing the chat templates add (role markers and separators).
    public static let perMessageOverhead = 4

    public static func tokens(in text: String) -> Int {
        (text.count + 3) / 4
    }

    public static func promptTokens(_ messages: [ChatMessage]) -> Int {
        messages.reduce(0) { $0 + tokens(in: $1.content) + perMessageOverhead }
    }

    /// The rough token count of `characters` characters of text (about four per token), used
    /// wherever no server counted.
    public static func tokens(characters: Int) -> Int {
        characters <= 0 ? 0 : (characters + 3) / 4
    }
}
