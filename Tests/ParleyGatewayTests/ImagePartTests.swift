import Foundation
import Testing
@testable import ParleyGateway

/// Images are recognised by their first bytes and go on the wire as OpenAI content parts;
/// a text-only message keeps the plain string content every server reads.
@Suite struct ImagePartTests {
    @Test func theMediaTypeComesFromTheMagicBytesNotTheName() {
        #expect(ImagePart.mediaType(of: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == "image/png")
        #expect(ImagePart.mediaType(of: [0xFF, 0xD8, 0xFF, 0xE0]) == "image/jpeg")
        #expect(ImagePart.mediaType(of: Array("GIF89a....".utf8)) == "image/gif")
        #expect(ImagePart.mediaType(of: Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)) == "image/webp")
        #expect(ImagePart.mediaType(of: Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8)) == nil, "a WAV is RIFF too")
        #expect(ImagePart.mediaType(of: [0x89, 0x50, 0x4E, 0x47, 0x00, 0x00]) == nil, "half a signature")
        #expect(ImagePart.mediaType(of: Array("%PDF-1.7".utf8)) == nil)
        #expect(ImagePart.mediaType(of: [UInt8]()) == nil)
    }

    @Test func byteCountIsReadFromTheBase64() {
        for n in 0...7 {
            let data = Data(repeating: 7, count: n)
            #expect(ImagePart(mediaType: "image/png", base64: data.base64EncodedString()).byteCount == n)
        }
    }

    @Test func aMessageWithImagesIsSentAsPartsAndOneWithoutAsAString() throws {
        let client = GatewayClient()
        defer { Task { try? await client.shutdown() } }
        let image = ImagePart(mediaType: "image/png", base64: "iVBORw0KGgo=")
        let request = ChatRequest(model: "m", messages: [ChatMessage(role: .system, content: "be brief"),
                                                         ChatMessage(role: .user, content: "What is it?", images: [image])])
        let body = try client.encodeBody(request, provider: Provider.preset(.openai), stream: true)
        let text = String(decoding: body, as: UTF8.self)
        #expect(text.contains(#"{"content":"be brief","role":"system"}"#), "\(text)")
        #expect(text.contains(#"{"content":[{"text":"What is it?","type":"text"},{"image_url":{"url":"data:image/png;base64,iVBORw0KGgo="},"type":"image_url"}],"role":"user"}"#), "\(text)")
    }

    @Test func theContextGuardCountsAnImageAsAboutAThousandTokens() {
        let plain = ContextGuard.estimatedTokens([ChatMessage(role: .user, content: "abcd")])
        let with = ContextGuard.estimatedTokens([ChatMessage(role: .user, content: "abcd",
                                                             images: [ImagePart(mediaType: "image/png", base64: String(repeating: "A", count: 4_000_000))])])
        #expect(with - plain == ImagePart.estimatedTokens)
    }
}
