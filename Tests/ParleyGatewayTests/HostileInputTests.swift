import Foundation
import Testing
@testable import ParleyGateway

@Suite("SSE decoder caps")
struct SSEDecoderCapTests {
    @Test func aLineWithoutEndFailsAtTheCap() throws {
        var decoder = SSEDecoder(maximumEventBytes: 1024)
        let chunk = [UInt8]("data: ".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 500)
        _ = try decoder.feed(chunk)
        #expect(throws: SSEDecoder.EventTooLarge(limit: 1024)) {
            try decoder.feed([UInt8](repeating: UInt8(ascii: "x"), count: 600))
        }
    }

    @Test func dataLinesWithoutABlankLineFailAtTheCap() throws {
        var decoder = SSEDecoder(maximumEventBytes: 1024)
        let line = Array("data: \(String(repeating: "y", count: 100))\n".utf8)
        #expect(throws: SSEDecoder.EventTooLarge(limit: 1024)) {
            for _ in 0..<20 { _ = try decoder.feed(line) }
        }
    }

    @Test func manyEventsUnderTheCapPassWhateverTheirTotal() throws {
        var decoder = SSEDecoder(maximumEventBytes: 1024)
        let event = Array("data: \(String(repeating: "z", count: 900))\n\n".utf8)
        var count = 0
        for _ in 0..<1000 { count += try decoder.feed(event).count }
        #expect(count == 1000)
    }

    @Test func theDefaultCapIsAFewMegabytes() throws {
        var decoder = SSEDecoder()
        let three = Array("data: \(String(repeating: "a", count: 3 << 20))\n\n".utf8)
        #expect(try decoder.feed(three).first?.data.utf8.count == 3 << 20)
        #expect(throws: SSEDecoder.EventTooLarge.self) {
            try decoder.feed([UInt8](repeating: UInt8(ascii: "b"), count: 5 << 20))
        }
    }
}

@Suite("Sanitising server text")
struct SanitisingTests {
    @Test func answersShowBidiOverridesButKeepEmojiJoiners() {
        let family = "👨\u{200D}👩\u{200D}👧"
        let shown = TextSanitizer.makeVisible("a\u{202E}b\u{2066}c \(family)\n")
        #expect(shown == "a<U+202E>b<U+2066>c \(family)\n")
    }

    @Test func identifiersShowEveryInvisibleAndAreCut() {
        let sanitizer = TextSanitizer()
        #expect(sanitizer.clean("m\u{200B}o\u{FEFF}d\u{9B}el\u{1B}]0;x\u{07}")
                == "m<U+200B>o<U+FEFF>d<U+009B>el^[]0;x^G")
        let long = sanitizer.cleanIdentifier(String(repeating: "m", count: 5000))
        #expect(long.count == TextSanitizer.maximumIdentifierLength)
        #expect(long.hasSuffix("…"))
    }

    @Test func jsonOutputEscapesC1BidiAndZeroWidthLosslessly() throws {
        let text = "csi\u{9B}31m rlo\u{202E} zwsp\u{200B} ls\u{2028} plain é 中"
        let json = try JSONOutput.string(["text": text])
        #expect(json == #"{"text":"csi\u009b31m rlo\u202e zwsp\u200b ls\u2028 plain é 中"}"#)
        let decoded = try JSONDecoder().decode([String: String].self, from: Data(json.utf8))
        #expect(decoded["text"] == text)
    }

    @Test func aServedModelIdIsCleanedAtTheBoundary() throws {
        let event = SSEEvent(data: #"{"model":"evil\u001b]0;title\u0007\u202e","choices":[]}"#)
        let meaning = try BothDecoderPaths.decode(event, sanitizer: TextSanitizer())
        #expect(meaning == .events([.servedBy("evil^[]0;title^G<U+202E>")]))
    }

    @Test func anHTMLErrorPageIsNamedByItsTitle() {
        let page = Data("<!DOCTYPE html><html><head><title>502 Bad\n Gateway</title></head><body>…".utf8)
        let error = ErrorClassifier.classify(status: 502, headers: [], body: page, sanitizer: TextSanitizer())
        #expect(error.summary == #"502 server error: the server answered with an HTML page ("502 Bad Gateway")"#)
    }
}

@Suite("Redirect policy")
struct RedirectPolicyTests {
    private func decide(_ status: Int, _ location: String?, from url: String = "http://127.0.0.1:8080/v1/chat/completions")
        -> RedirectPolicy.Decision
    {
        RedirectPolicy.decide(status: status, location: location, request: url, sanitizer: TextSanitizer())
    }

    @Test func sameOriginRedirectsThatKeepTheMethodAreFollowed() {
        for status in [301, 302, 307, 308] {
            #expect(decide(status, "/v2/chat/completions")
                    == .follow(URL(string: "http://127.0.0.1:8080/v2/chat/completions")!))
        }
        #expect(decide(308, "https://api.example.com/x", from: "https://API.example.com:443/v1")
                == .follow(URL(string: "https://api.example.com/x")!))
    }

    @Test func anotherSchemeHostOrPortIsRefusedAndNamed() {
        #expect(decide(307, "http://127.0.0.1:8081/v1/chat/completions")
                == .refuse(location: "http://127.0.0.1:8081/v1/chat/completions"))
        #expect(decide(301, "https://127.0.0.1:8080/v1") == .refuse(location: "https://127.0.0.1:8080/v1"))
        #expect(decide(302, "http://evil.example/steal") == .refuse(location: "http://evil.example/steal"))
        // 303 means "GET it elsewhere": never right for a chat request.
        #expect(decide(303, "/v1/other") == .refuse(location: "http://127.0.0.1:8080/v1/other"))
        #expect(decide(307, nil) == .refuse(location: "an unnamed location"))
    }

    @Test func aRefusedLocationIsSanitised() {
        guard case .refuse(let location) = decide(307, "http://x.example/\u{1B}]0;t\u{07}") else {
            Issue.record("a cross-origin redirect was followed")
            return
        }
        #expect(location.hasPrefix("http://x.example/"))
        #expect(!location.unicodeScalars.contains { $0.value < 0x20 })
    }
}
