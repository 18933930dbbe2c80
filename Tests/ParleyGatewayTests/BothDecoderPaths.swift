import Testing
@testable import ParleyGateway

/// Decodes a chunk the way a stream does (the fast path first, the full decoder for what it
/// declines) and also with the full decoder alone, and checks they agree: every decoder test
/// that goes through here proves both paths.
enum BothDecoderPaths {
    static func decode(_ event: SSEEvent, sanitizer: TextSanitizer) throws -> ChunkMeaning {
        let full: ChunkMeaning?
        let failure: (any Error)?
        do {
            full = try ChunkDecoder.decode(event, sanitizer: sanitizer)
            failure = nil
        } catch {
            full = nil
            failure = error
        }
        var fast = FastChunkDecoder(sanitizer: sanitizer)
        if let events = fast.decode(event) {
            #expect(full == .events(events), "the fast path disagrees with the full decoder on \(event.data)")
        }
        if let failure { throw failure }
        return full ?? .events([])
    }

    /// True when the fast path reads `data` itself.
    static func fastPathTakes(_ data: String) -> Bool {
        var fast = FastChunkDecoder(sanitizer: TextSanitizer())
        return fast.decode(SSEEvent(data: data)) != nil
    }
}
