import NIOCore

/// What the server writes for one request, step by step. Plans are plain data, computed by
/// `ResponsePlanner` without touching the network, and played by `SimHTTPHandler` on the event loop.
struct ResponsePlan: Sendable {
    enum Step: Sendable {
        case head(status: Int, headers: [(String, String)])
        /// Bytes to write and flush at once; `contentTokens` says how many answer tokens they carry.
        case write(String, contentTokens: Int)
        /// The same bytes written `times` times (the hostile models' huge bodies, built once).
        case repeated(ByteBuffer, times: Int)
        case pause(seconds: Double)
        /// Ends the HTTP body. `completed` means a whole answer was delivered and its usage counts.
        case end(completed: Bool)
        /// Writes nothing more and waits for the client to go away (or the server to shut down).
        case hang
        /// Closes the TCP connection now, in the middle of whatever was being sent.
        case drop
    }

    var steps: [Step] = []
    /// The figures an answer reports (or would report, for models that send no usage).
    var usage: Usage?

    mutating func write(_ text: String, contentTokens: Int = 0) {
        steps.append(.write(text, contentTokens: contentTokens))
    }

    mutating func pause(_ seconds: Double) {
        if seconds > 0 { steps.append(.pause(seconds: seconds)) }
    }

    /// A response whose body is written at once, with a `content-length` as real servers send
    /// for JSON (only streams are chunked).
    static func whole(status: Int, headers: [(String, String)] = [], contentType: String = "application/json",
                      body: String, contentTokens: Int = 0, completed: Bool = false) -> [Step] {
        let allHeaders = [("content-type", contentType), ("content-length", String(body.utf8.count))] + headers
        return [.head(status: status, headers: allHeaders), .write(body, contentTokens: contentTokens),
                .end(completed: completed)]
    }
}

/// The error bodies real servers send, by status and dialect.
enum ErrorResponse {
    static func plan(status: Int, dialect: ModelScript.Dialect = .openAI, retryAfter: Double? = nil,
                     message: String? = nil, code: WireJSON = .null) -> ResponsePlan {
        var headers: [(String, String)] = []
        if let retryAfter {
            headers += [("retry-after", HeaderNumber.text(retryAfter.rounded(.up))),
                        ("retry-after-ms", HeaderNumber.text((retryAfter * 1000).rounded()))]
        }
        if status == 429 {
            headers += [("x-ratelimit-limit-requests", "5000"), ("x-ratelimit-remaining-requests", "0"),
                        ("x-ratelimit-reset-requests", HeaderNumber.text(((retryAfter ?? 1) * 1000).rounded()) + "ms")]
        }
        let body = body(status: status, dialect: dialect, message: message, code: code).text
        var plan = ResponsePlan()
        plan.steps = ResponsePlan.whole(status: status, headers: headers, body: body)
        return plan
    }

    static func body(status: Int, dialect: ModelScript.Dialect, message: String?, code: WireJSON) -> WireJSON {
        // ZenMux's wording for payment and bad keys: `code` is the status as a string.
        if status == 402 || status == 403, message == nil {
            let (type, text) = status == 402
                ? ("insufficient_credit", "Insufficient credit, please top up your account.")
                : ("access_denied", "Invalid API key or access denied.")
            return .object([("error", .object([("code", .string(String(status))), ("type", .string(type)),
                                               ("message", .string(text))]))])
        }
        let (type, defaultCode, text) = openAIWording(status)
        let message = message ?? text
        switch dialect {
        case .openRouter:
            return .object([("error", .object([("code", .int(status)), ("message", .string(message)),
                                               ("metadata", .object([("error_type", .string(type))]))]))])
        case .llamaServer:
            return .object([("error", .object([("code", .int(status)), ("message", .string(message)),
                                               ("type", .string(type))]))])
        case .liteLLM:
            return .object([("error", .object([("message", .string(message)), ("type", .string(type)),
                                               ("param", .null), ("code", .string(String(status)))]))])
        case .openAI, .llamaCppPython:
            let code: WireJSON = if case .null = code { defaultCode.json } else { code }
            return .object([("error", .object([("message", .string(message)), ("type", .string(type)),
                                               ("param", .null), ("code", code)]))])
        }
    }

    /// OpenAI's messages, from its error-code guide.
    private static func openAIWording(_ status: Int) -> (type: String, code: String?, message: String) {
        switch status {
        case 400: ("invalid_request_error", nil, "Bad request.")
        case 401: ("invalid_request_error", "invalid_api_key",
                   "Incorrect API key provided: sk-sim****. You can find your API key at https://platform.openai.com/account/api-keys.")
        case 404: ("invalid_request_error", "model_not_found", "Not found.")
        case 429: ("requests", "rate_limit_exceeded", "Rate limit reached for requests. Please try again later.")
        case 503: ("server_error", nil, "The engine is currently overloaded, please try again later.")
        case 500...: ("server_error", nil, "The server had an error while processing your request. Sorry about that!")
        default: ("invalid_request_error", nil, "Simulated HTTP \(status) error.")
        }
    }
}
