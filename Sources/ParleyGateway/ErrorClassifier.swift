public import Foundation

/// Turns an HTTP error response into a `GatewayError`, by status first and by message where
/// servers bend the rules (a LiteLLM proxy answers 400 "Invalid model name" for an unknown model
/// and 400 "No connected db." for a wrong key; ZenMux answers 403 for a bad key).
enum ErrorClassifier {
    struct Body: Decodable {
        var error: WireError?
        var message: String?
        var detail: String?
    }

    /// What the request was, so a message can name it: the model asked for, the base URL's host.
    struct Context: Sendable {
        var model: String?
        var host: String?
    }

    static func classify(status: Int, headers: [(String, String)], body: Data, sanitizer: TextSanitizer,
                         context: Context = Context(), now: Date = Date()) -> GatewayError {
        var message = sanitizer.clean(errorMessage(body: body, status: status))
        // The header first; Gemini names its wait only in the body (`google.rpc.RetryInfo`).
        let retryAfter = RetryAfter.parse(headers: headers, now: now) ?? PlatformErrorBody.retryDelay(in: body)
        let lowered = message.lowercased()
        switch status {
        case 401, 403:
            return .authentication(status: status, message: message)
        case 402:
            return .paymentRequired(message: message)
        case 404:
            if PlatformErrorBody.code(in: body) == "DeploymentNotFound" {
                message = PlatformErrorBody.deploymentMessage(model: context.model, host: context.host) + ": " + message
            }
            return .modelNotFound(status: status, message: message)
        case 429:
            return .rateLimited(retryAfter: retryAfter, message: message)
        case 408, 409, 500...599:
            return .server(status: status, message: message, retryAfter: retryAfter)
        case 400 where lowered.contains("invalid model") || lowered.contains("model not found")
            || lowered.contains("does not exist") || lowered.contains("no such model"):
            return .modelNotFound(status: status, message: message)
        case 400 where lowered.contains("api key") || lowered.contains("authentication")
            || lowered.contains("no connected db"):
            return .authentication(status: status, message: message)
        default:
            return .badRequest(status: status, message: message)
        }
    }

    /// The most useful message in an error body: OpenAI-shaped JSON, `{"message"}`, `{"detail"}`,
    /// or the first line of a plain-text / HTML body.
    static func errorMessage(body: Data, status: Int) -> String {
        // Gemini wraps its error object in an array: `[{"error": {…}}]`.
        let parsed = (try? JSONDecoder().decode(Body.self, from: body))
            ?? (try? JSONDecoder().decode([Body].self, from: body))?.first
        if let parsed,
           let m = [parsed.error?.message, parsed.message, parsed.detail].lazy.compactMap({ $0 }).first(where: { !$0.isEmpty })
        {
            return m.count > maximumLength ? String(m.prefix(maximumLength - 1)) + "…" : m
        }
        let start = String(decoding: body.prefix(4096), as: UTF8.self)
        if start.drop(while: \.isWhitespace).hasPrefix("<") {
            // A proxy's or a web server's error page: its title says more than its first tag.
            let title = htmlTitle(start).map { " (\"\($0)\")" } ?? ""
            return "the server answered with an HTML page\(title)"
        }
        let text = String(decoding: body.prefix(2048), as: UTF8.self)
            .split(whereSeparator: \.isNewline).first.map(String.init)?
            .trimmingCharacters(in: .whitespaces) ?? ""
        if text.isEmpty { return HTTPStatusText.reason(status) }
        return String(text.prefix(300))
    }

    /// Messages longer than this are cut: the first few lines say what went wrong.
    static let maximumLength = 500

    private static func htmlTitle(_ html: String) -> String? {
        guard let open = html.range(of: "<title>", options: .caseInsensitive),
              let close = html.range(of: "</title>", options: .caseInsensitive, range: open.upperBound..<html.endIndex)
        else { return nil }
        let title = html[open.upperBound..<close.lowerBound].split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return title.isEmpty ? nil : String(title.prefix(120))
    }
}

/// The wait a server asks for: `retry-after-ms` first, then `Retry-After` in seconds or as an
/// HTTP date (LiteLLM forwards the upstream's as `llm_provider-retry-after`).
///
/// The header is hostile input: a wait of 1e17 or 1e300 seconds must not trap converting to
/// `Int64` or `Duration`. Any wait beyond `ceiling` (far above any retry limit) becomes
/// `ceiling`, which the retry policy then reads as "longer than I will wait: skip this model".
public enum RetryAfter {
    /// A year: longer than any sensible `max_retry_after`, and safe for `Duration` arithmetic.
    public static let ceiling: Duration = .seconds(365 * 86_400)

    public static func parse(headers: [(String, String)], now: Date = Date()) -> Duration? {
        func value(_ name: String) -> String? {
            headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
                .trimmingCharacters(in: .whitespaces)
        }
        if let ms = value("retry-after-ms").flatMap(Double.init), ms >= 0, ms.isFinite {
            return clamped(milliseconds: ms)
        }
        for name in ["retry-after", "llm_provider-retry-after"] {
            guard let raw = value(name) else { continue }
            if let seconds = Double(raw), seconds >= 0, seconds.isFinite {
                return clamped(milliseconds: seconds * 1000)
            }
            if let date = HTTPDate.parse(raw, now: now) {
                return clamped(milliseconds: max(0, date.timeIntervalSince(now)) * 1000)
            }
        }
        return nil
    }

    /// A wait in milliseconds (not negative; any size, even infinite) as a `Duration`, never
    /// more than `ceiling`.
    static func clamped(milliseconds: Double) -> Duration {
        let limit = Double(ceiling.components.seconds) * 1000
        guard milliseconds < limit else { return ceiling }
        return .milliseconds(Int64(milliseconds.rounded()))
    }
}

enum HTTPStatusText {
    static func reason(_ status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 402: return "Payment Required"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "HTTP \(status)"
        }
    }
}
