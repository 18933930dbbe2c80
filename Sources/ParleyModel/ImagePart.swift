/// An image that goes to the model with a user message, as an OpenAI content part
/// `{"type": "image_url", "image_url": {"url": "data:image/png;base64,…"}}`.
public struct ImagePart: Sendable, Hashable, Codable {
    /// `image/png`, `image/jpeg`, `image/gif` or `image/webp`: what the file's first bytes are.
    public var mediaType: String
    /// The file's bytes, base64-encoded.
    public var base64: String

    public init(mediaType: String, base64: String) {
        self.mediaType = mediaType
        self.base64 = base64
    }

    public var dataURL: String { "data:\(mediaType);base64,\(base64)" }

    /// Bytes of the image itself (from the base64 length).
    public var byteCount: Int { base64.utf8.count / 4 * 3 - base64.utf8.suffix(2).filter { $0 == UInt8(ascii: "=") }.count }

    /// Tokens an image is counted as by the context guard: about what the providers charge for
    /// one image of ordinary size (OpenAI's high detail is 765–1105), whatever its bytes.
    public static let estimatedTokens = 1000

    /// The media type of an image file from its first bytes (PNG, JPEG, GIF, WebP), nil for
    /// anything else: the extension is never trusted.
    public static func mediaType(of bytes: some Collection<UInt8>) -> String? {
        let head = Array(bytes.prefix(12))
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if head.starts(with: Array("GIF87a".utf8)) || head.starts(with: Array("GIF89a".utf8)) { return "image/gif" }
        if head.count == 12, head.starts(with: Array("RIFF".utf8)), Array(head[8..<12]) == Array("WEBP".utf8) { return "image/webp" }
        return nil
    }
}
