/// Why a request failed, classified so a caller can decide: retry, fall back, or give up.
///
/// Every message here is the server's own text after `TextSanitizer.clean` (control characters
/// neutralised, API keys redacted), so it is safe to print.
public enum GatewayError: Error, Sendable, Hashable {
    public enum TimeoutKind: String, Sendable, Hashable, Codable {
        case connect, firstToken = "first-token", idle, total
    }

    /// 401/403, or a 400 whose message says the key is wrong (LiteLLM without a database).
    case authentication(status: Int, message: String)
    /// 402: out of credits.
    case paymentRequired(message: String)
    /// 404, or a 400 that names an unknown model.
    case modelNotFound(status: Int, message: String)
    /// 429, with the wait the server asked for when it gave one.
    case rateLimited(retryAfter: Duration?, message: String)
    /// Any other 4xx.
    case badRequest(status: Int, message: String)
    /// 5xx (and 408/409, which are worth retrying like one).
    case server(status: Int, message: String, retryAfter: Duration?)
    case timeout(TimeoutKind)
    /// The connection could not be made or broke before the answer was complete.
    case network(message: String)
    /// The body was not the SSE/JSON Parley expected.
    case malformedStream(message: String)
    /// The server said 200 and then sent an error inside the stream.
    case streamError(code: String?, message: String)
    /// One event, or a whole body, passed a memory cap (see `ResponseLimits`): the message says
    /// which ("event too large: …", "response too large: …").
    case tooLarge(message: String)
    /// A 3xx that Parley did not follow (another scheme, host or port, or a 303); `location` is
    /// the sanitised `Location`, so the user can set `base_url` to it.
    case redirected(status: Int, location: String)
    case cancelled
    /// The key could not be had: the provider's `api_key_command` failed, hung or printed no key.
    /// The message names the provider and the command, never its output.
    case credentials(message: String)

    /// The HTTP status behind the error, when there was one.
    public var status: Int? {
        switch self {
        case .authentication(let s, _), .modelNotFound(let s, _), .badRequest(let s, _), .server(let s, _, _),
            .redirected(let s, _):
            return s
        case .paymentRequired: return 402
        case .rateLimited: return 429
        case .streamError(let code, _):
            return code.flatMap(Int.init)
        case .timeout, .network, .malformedStream, .tooLarge, .cancelled, .credentials:
            return nil
        }
    }

    /// The server's message (sanitised), or a description of a client-side failure.
    public var message: String {
        switch self {
        case .authentication(_, let m), .paymentRequired(let m), .modelNotFound(_, let m),
            .rateLimited(_, let m), .badRequest(_, let m), .server(_, let m, _), .network(let m),
            .malformedStream(let m), .streamError(_, let m), .tooLarge(let m), .credentials(let m):
            return m
        case .redirected(_, let location):
            return "redirected to \(location); set base_url to it"
        case .timeout(let kind):
            switch kind {
            case .connect: return "could not connect in time"
            case .firstToken: return "no answer before the first-token timeout"
            case .idle: return "the stream stalled"
            case .total: return "the answer took longer than the total timeout"
            }
        case .cancelled:
            return "cancelled"
        }
    }

    /// The wait the server asked for before trying again.
    public var retryAfter: Duration? {
        switch self {
        case .rateLimited(let wait, _), .server(_, _, let wait): return wait
        default: return nil
        }
    }

    /// Worth retrying the same model: 408, 409, 429, 5xx, network errors and timeouts.
    public var isRetryable: Bool {
        switch self {
        case .rateLimited, .server, .network, .timeout: return true
        case .streamError(let code, _):
            if let status = code.flatMap(Int.init) { return status == 429 || status >= 500 }
            return false
        default: return false
        }
    }

    /// Errors that say this provider will refuse every model of it (bad key, no credit).
    public var condemnsProvider: Bool {
        switch self {
        case .authentication, .paymentRequired, .credentials: return true
        default: return false
        }
    }

    /// A 401: the key in hand may just have expired (hourly OAuth and Entra tokens), so a key
    /// from a command is fetched again once before this counts as a wrong key.
    public var mayBeExpiredKey: Bool {
        if case .authentication(401, _) = self { return true }
        return false
    }

    /// A short name for the kind of failure, for logs and the ledger.
    public var kind: String {
        switch self {
        case .authentication: return "auth"
        case .paymentRequired: return "payment"
        case .modelNotFound: return "not-found"
        case .rateLimited: return "rate-limited"
        case .badRequest: return "bad-request"
        case .server: return "server-error"
        case .timeout(let k): return "timeout-\(k.rawValue)"
        case .network: return "network"
        case .malformedStream: return "malformed"
        case .streamError: return "stream-error"
        case .tooLarge: return "too-large"
        case .redirected: return "redirected"
        case .cancelled: return "cancelled"
        case .credentials: return "credentials"
        }
    }

    /// One human line: what failed and what the server said, e.g. `429 rate limited (retry in 2.0 s): Slow down`.
    public var summary: String {
        func wait(_ d: Duration?) -> String {
            guard let d else { return "" }
            return String(format: " (retry in %.1f s)", d.seconds)
        }
        switch self {
        case .authentication(let s, let m): return "\(s) authentication failed: \(m)"
        case .paymentRequired(let m): return "402 payment required: \(m)"
        case .modelNotFound(let s, let m): return "\(s) model not found: \(m)"
        case .rateLimited(let w, let m): return "429 rate limited\(wait(w)): \(m)"
        case .badRequest(let s, let m): return "\(s) bad request: \(m)"
        case .server(let s, let m, let w): return "\(s) server error\(wait(w)): \(m)"
        case .timeout(let k):
            switch k {
            case .connect: return "timed out connecting"
            case .firstToken: return "timed out waiting for the first token"
            case .idle: return "stream stalled (idle timeout)"
            case .total: return "timed out (total time limit)"
            }
        case .network(let m): return "network error: \(m)"
        case .malformedStream(let m): return "malformed stream: \(m)"
        case .streamError(let c, let m): return "error inside the stream\(c.map { " (code \($0))" } ?? ""): \(m)"
        case .tooLarge(let m): return m
        case .redirected(let s, _): return "\(s) \(message)"
        case .cancelled: return "cancelled"
        case .credentials(let m): return "no key: \(m)"
        }
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    public var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }

    /// In nanoseconds for NIO's `TimeAmount`, saturating instead of trapping on overflow.
    public var saturatingNanoseconds: Int64 {
        let (s, atto) = components
        let (whole, overflow) = s.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return s < 0 ? .min : .max }
        let (sum, overflowAgain) = whole.addingReportingOverflow(atto / 1_000_000_000)
        return overflowAgain ? (s < 0 ? .min : .max) : sum
    }

    /// Seconds from outside (a stored row, a header) as a duration to the microsecond, never
    /// trapping: negative or NaN is zero, and anything past a century is a century.
    public static func saturatingSeconds(_ seconds: Double) -> Duration {
        guard seconds > 0 else { return .zero }
        return .microseconds(Int64((min(seconds, 3_155_760_000) * 1_000_000).rounded()))
    }
}

import Foundation
