import Foundation
import Testing
@testable import ParleyGateway

@Suite("Error classification")
struct ErrorClassificationTests {
    let sanitizer = TextSanitizer(secrets: ["sk-test-secret-123456"])

    private func classify(_ status: Int, _ body: String, headers: [(String, String)] = []) -> GatewayError {
        ErrorClassifier.classify(status: status, headers: headers, body: Data(body.utf8), sanitizer: sanitizer)
    }

    /// Parses a captured `.headers` file (status line, then `Name: value` lines).
    private func capturedHeaders(_ name: String) throws -> (Int, [(String, String)]) {
        let text = String(decoding: try Fixture.data(name), as: UTF8.self)
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let status = Int(lines.removeFirst().split(separator: " ")[1])!
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return (status, headers)
    }

    @Test func capturedLiteLLM429IsRateLimitedWithItsRenamedRetryAfter() throws {
        let (status, headers) = try capturedHeaders("litellm-429.headers")
        let error = ErrorClassifier.classify(status: status, headers: headers, body: try Fixture.data("litellm-429.body"),
                                             sanitizer: sanitizer)
        guard case .rateLimited(let wait, let message) = error else { Issue.record("got \(error)"); return }
        #expect(wait == .seconds(1))
        #expect(!message.isEmpty)
        #expect(error.isRetryable)
    }

    @Test func capturedLiteLLM500IsAServerError() throws {
        let (status, headers) = try capturedHeaders("litellm-500.headers")
        let error = ErrorClassifier.classify(status: status, headers: headers, body: try Fixture.data("litellm-500.body"),
                                             sanitizer: sanitizer)
        #expect(error.status == 500)
        #expect(error.isRetryable)
    }

    @Test func capturedLiteLLMWrongKeyAnswered400IsAuthentication() throws {
        let (status, headers) = try capturedHeaders("litellm-401.headers")
        let error = ErrorClassifier.classify(status: status, headers: headers, body: try Fixture.data("litellm-401.body"),
                                             sanitizer: sanitizer)
        guard case .authentication = error else { Issue.record("got \(error)"); return }
        #expect(error.condemnsProvider)
    }

    @Test func capturedLiteLLMUnknownModelIsNotFound() throws {
        let (status, headers) = try capturedHeaders("litellm-404.headers")
        let error = ErrorClassifier.classify(status: status, headers: headers, body: try Fixture.data("litellm-404.body"),
                                             sanitizer: sanitizer)
        guard case .modelNotFound = error else { Issue.record("got \(error)"); return }
        #expect(!error.isRetryable)
    }

    @Test func statusMapping() {
        #expect(classify(401, #"{"error":{"message":"Invalid API Key","code":401}}"#) == .authentication(status: 401, message: "Invalid API Key"))
        #expect(classify(403, #"{"error":{"code":"403","type":"access_denied","message":"bad key"}}"#) == .authentication(status: 403, message: "bad key"))
        #expect(classify(402, #"{"error":{"message":"Insufficient credits"}}"#) == .paymentRequired(message: "Insufficient credits"))
        #expect(classify(404, "") == .modelNotFound(status: 404, message: "Not Found"))
        #expect(classify(503, "<html><body>Service down</body></html>").status == 503)
        #expect(classify(408, "timeout").isRetryable)
        #expect(classify(409, "conflict").isRetryable)
        #expect(!classify(422, "nope").isRetryable)
    }

    @Test func retryAfterForms() {
        #expect(RetryAfter.parse(headers: [("retry-after-ms", "1500")]) == .milliseconds(1500))
        #expect(RetryAfter.parse(headers: [("Retry-After", "2")]) == .seconds(2))
        #expect(RetryAfter.parse(headers: [("Retry-After", "0.5")]) == .milliseconds(500))
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let date = "Tue, 14 Nov 2023 22:13:30 GMT"  // 10 s after `now`
        #expect(RetryAfter.parse(headers: [("Retry-After", date)], now: now) == .seconds(10))
        #expect(RetryAfter.parse(headers: [("retry-after-ms", "250"), ("retry-after", "9")]) == .milliseconds(250))
        #expect(RetryAfter.parse(headers: [("retry-after", "soon")]) == nil)
    }

    @Test(arguments: [
        ("retry-after-ms", "1e17"), ("retry-after-ms", "1e300"), ("retry-after", "1e17"),
        ("Retry-After", "1e300"), ("retry-after", "9223372036854775807"), ("retry-after-ms", "inf"),
    ])
    func absurdWaitsAreClampedNotTrapped(header: String, value: String) {
        let wait = RetryAfter.parse(headers: [(header, value)])
        if value == "inf" {
            #expect(wait == nil)  // not finite: no usable wait at all
        } else {
            #expect(wait == RetryAfter.ceiling)
        }
    }

    @Test func aFarFutureRetryDateIsClamped() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryAfter.parse(headers: [("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT")], now: now) == RetryAfter.ceiling)
    }

    @Test func serverMessagesAreNeutralisedAndKeysRedacted() {
        let error = classify(401, #"{"error":{"message":"bad key sk-test-secret-123456 \u001b]0;pwned\u0007 and sk-or-v1-abcdefabcdef"}}"#)
        #expect(!error.message.contains("sk-test-secret-123456"))
        #expect(!error.message.contains("abcdefabcdef"))
        #expect(!error.message.contains("\u{1B}"))
        #expect(!error.message.contains("\u{07}"))
        #expect(error.message.contains("^[]0;pwned^G"))
    }

    @Test func makeVisibleKeepsTextShapeButNoControlBytes() {
        let hostile = "red \u{1B}[31mtext\u{1B}[0m\r\nnext\tline \u{9B}2J \u{7F}"
        let visible = TextSanitizer.makeVisible(hostile)
        #expect(visible == "red ^[[31mtext^[[0m\nnext\tline <U+009B>2J ^?")
        #expect(TextSanitizer.makeVisible("plain 中文") == "plain 中文")
    }

    @Test func bearerTokensAreRedacted() {
        let text = TextSanitizer().redact("header was Bearer abcdefghijkl and sk-short")
        #expect(text == "header was Bearer <redacted> and sk-short")
    }
}
