extension ChatMessage {
    /// The `content` a chat request carries: the plain string for a text-only message (the
    /// shape every server reads), else OpenAI's array of parts, the text first, then each image
    /// as `{"type": "image_url", "image_url": {"url": "data:…;base64,…"}}`, which OpenAI,
    /// OpenRouter, Ollama's and llama.cpp's `/v1`, Gemini's and Anthropic's compatible endpoints read.
    var wireContent: JSONValue {
        guard !images.isEmpty else { return .string(content) }
        var parts: [JSONValue] = []
        if !content.isEmpty { parts.append(.object(["type": .string("text"), "text": .string(content)])) }
        for image in images {
            parts.append(.object(["type": .string("image_url"), "image_url": .object(["url": .string(image.dataURL)])]))
        }
        return .array(parts)
    }
}
