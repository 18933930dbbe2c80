import Foundation
import NIOHTTP1

/// The cloud platforms' OpenAI-compatible endpoints, as the simulator imitates them under a base
/// URL `/platform/NAME/…` (docs/simulator.md). Each rewrites what the plain simulator answers
/// into what that platform sends (research/cloud-platforms.md): its model ids, its auth refusals,
/// its error bodies, its `/models` shape, its extra chunks.
enum PlatformDialect: String, Sendable, CaseIterable {
    case azure, bedrock, bedrockMantle = "bedrock-mantle", vertex, gemini, anthropic
    /// Local servers with their own API beside `/v1` (PlatformDialect+Local.swift): Ollama's
    /// `/api/show` and `/api/ps`, llama.cpp's `/props` and `meta.n_ctx_train`.
    case ollama, llamacpp

    /// `/platform/gemini/v1beta/openai/models` → (.gemini, "/models").
    static func split(_ uri: String) -> (PlatformDialect, String)? {
        guard uri.hasPrefix("/platform/") else { return nil }
        let rest = uri.dropFirst("/platform/".count)
        let name = rest.prefix { $0 != "/" }
        guard let platform = PlatformDialect(rawValue: String(name)) else { return nil }
        let path = String(rest.dropFirst(name.count)).prefix { $0 != "?" }
        for route in ["/chat/completions", "/models"] where path.hasSuffix(route) { return (platform, route) }
        return (platform, String(path))
    }

    // MARK: Model ids

    /// The simulator's id for the id a request names, or nil when this platform would refuse it.
    func simulatorID(_ requested: String) -> String? {
        switch self {
        case .bedrock, .bedrockMantle:
            // `openai.fast-1:0` on the runtime endpoint, `openai.fast` on Mantle.
            guard requested.hasPrefix("openai.") else { return nil }
            var id = String(requested.dropFirst("openai.".count))
            if self == .bedrock {
                guard let range = id.range(of: #"-[0-9]+:[0-9]+$"#, options: .regularExpression) else { return nil }
                id.removeSubrange(range)
            }
            return id
        case .vertex:
            return requested.hasPrefix("google/") ? String(requested.dropFirst("google/".count)) : nil
        case .gemini:
            // The listed form `models/…` is not what requests take.
            return requested.hasPrefix("models/") ? nil : requested
        case .azure, .anthropic, .ollama, .llamacpp:
            return requested
        }
    }

    /// The id `/models` lists for a simulator model.
    func listedID(_ id: String) -> String {
        switch self {
        case .gemini: return "models/" + id
        case .bedrockMantle: return "openai." + id
        default: return id
        }
    }

    // MARK: Auth

    /// A refusal before the request is looked at, or nil. Vertex's OAuth tokens expire: each
    /// bearer token is good for `tokenUses` chat requests, then 401 `ACCESS_TOKEN_EXPIRED`.
    func refusal(headers: HTTPHeaders, route: String, ledger: SimLedger) -> ResponsePlan? {
        let authorization = headers.first(name: "authorization") ?? ""
        let token = authorization.hasPrefix("Bearer ") ? String(authorization.dropFirst(7)) : ""
        switch self {
        case .bedrock, .bedrockMantle:
            guard token.isEmpty || token.hasPrefix("invalid") else { return nil }
            let text = token.isEmpty ? "Authorization header is missing" : "The security token included in the request is invalid."
            return Self.whole(403, .object([("message", .string(text))]))
        case .vertex:
            if token.isEmpty { return Self.googleError(401, "UNAUTHENTICATED", reason: "CREDENTIALS_MISSING", wrapped: false) }
            // A token Google never issued is refused on every path, however fresh.
            if token.hasPrefix("invalid") { return Self.googleError(401, "UNAUTHENTICATED", reason: "ACCESS_TOKEN_TYPE_UNSUPPORTED", wrapped: false) }
            guard route == "/chat/completions" else { return nil }
            guard ledger.useToken(token, limit: Self.tokenUses) else {
                return Self.googleError(401, "UNAUTHENTICATED", reason: "ACCESS_TOKEN_EXPIRED", wrapped: false)
            }
            return nil
        default:
            return nil
        }
    }

    /// How many chat requests one Vertex bearer token is good for.
    static let tokenUses = 1

    // MARK: /models

    /// How many models one page of Anthropic's `/v1/models` holds here, small so that clients
    /// must follow `has_more` / `after_id` to see the whole catalogue (Anthropic's default is 20).
    static let anthropicPageSize = 4

    /// This platform's `/models` answer, or nil when it has none (404). `uri` carries Anthropic's
    /// paging query (`?after_id=ID`).
    func modelList(created: Int, uri: String = "") -> ResponsePlan? {
        let models = SimCatalogue.models
        switch self {
        case .bedrock, .vertex:
            return nil
        case .anthropic:
            let after = Self.queryValue("after_id", in: uri)
            let start = after.flatMap { id in models.firstIndex { $0.id == id }.map { $0 + 1 } } ?? 0
            let page = models[min(start, models.count)...].prefix(Self.anthropicPageSize)
            let data = page.map { model -> WireJSON in
                .object([("type", "model"), ("id", .string(model.id)), ("display_name", .string(model.name)),
                         ("created_at", "2025-01-01T00:00:00Z")])
            }
            let more = start + page.count < models.count
            return Self.whole(200, .object([("data", .array(Array(data))), ("has_more", .bool(more)),
                                            ("first_id", .string(page.first?.id ?? "")),
                                            ("last_id", .string(page.last?.id ?? ""))]))
        case .ollama, .llamacpp:
            return localModelList(created: created)
        case .azure, .bedrockMantle, .gemini:
            let data = models.map { model -> WireJSON in
                .object([("id", .string(listedID(model.id))), ("object", "model"), ("created", .int(created)),
                         ("owned_by", .string(rawValue))])
            }
            return Self.whole(200, .object([("object", "list"), ("data", .array(data))]))
        }
    }

    /// The value of `name` in the URI's query string, percent-decoding not needed for the
    /// simulator's own ids.
    static func queryValue(_ name: String, in uri: String) -> String? {
        guard let query = uri.split(separator: "?", maxSplits: 1).dropFirst().first else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.first.map(String.init) == name { return parts.count > 1 ? String(parts[1]) : "" }
        }
        return nil
    }

    // MARK: Errors

    /// The 404 for a model id this platform does not have.
    func unknownModel(_ requested: String) -> ResponsePlan {
        switch self {
        case .azure:
            return Self.whole(404, .object([("error", .object([
                ("code", "DeploymentNotFound"),
                ("message", "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."),
            ]))]))
        case .gemini, .vertex:
            return Self.googleError(404, "NOT_FOUND", message: "models/\(requested) is not found for API version v1beta",
                                    wrapped: self == .gemini)
        case .bedrock, .bedrockMantle:
            return Self.whole(400, .object([("error", .object([
                ("message", .string("The model '\(requested)' does not exist or is not supported on this route.")),
                ("type", "invalid_request_error"), ("code", "model_not_found")]))]))
        case .anthropic:
            return Self.whole(404, .object([("type", "error"), ("error", .object([
                ("type", "not_found_error"), ("message", .string("model: \(requested)"))]))]))
        case .ollama, .llamacpp:
            return Self.whole(404, .object([("error", .object([
                ("message", .string("model \"\(requested)\" not found, try pulling it first")),
                ("type", "not_found_error"), ("param", .null), ("code", .null)]))]))
        }
    }

    /// Rewrites the plain simulator's error into this platform's: Gemini names the wait only in
    /// an array-wrapped body's `RetryInfo`, Anthropic is "overloaded" with 529 where others say 503.
    func adaptError(status: Int, headers: [(String, String)]) -> ResponsePlan? {
        let wait = headers.first { $0.0 == "retry-after-ms" }.flatMap { Double($0.1) }.map { $0 / 1000 }
        switch self {
        case .gemini where status == 429 || status == 503:
            // A protobuf Duration: decimal seconds, fractions kept ("0.2s").
            let delay = wait.map { ($0.rounded() == $0 ? HeaderNumber.text($0) : "\($0)") + "s" }
            return Self.googleError(status, status == 429 ? "RESOURCE_EXHAUSTED" : "UNAVAILABLE",
                                    message: status == 429 ? "You exceeded your current quota." : "The model is overloaded. Please try again later.",
                                    retryDelay: delay, wrapped: true)
        case .anthropic where status == 503:
            return Self.whole(529, .object([("type", "error"), ("error", .object([
                ("type", "overloaded_error"), ("message", "Overloaded")]))]))
        default:
            return nil
        }
    }

    static func googleError(_ status: Int, _ code: String, message: String? = nil, reason: String? = nil,
                            retryDelay: String? = nil, wrapped: Bool) -> ResponsePlan {
        var details: [WireJSON] = []
        if let reason {
            details.append(.object([("@type", "type.googleapis.com/google.rpc.ErrorInfo"), ("reason", .string(reason)),
                                    ("domain", "googleapis.com")]))
        }
        if let retryDelay {
            details.append(.object([("@type", "type.googleapis.com/google.rpc.RetryInfo"), ("retryDelay", .string(retryDelay))]))
        }
        let text = message ?? "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential."
        let error: WireJSON = .object([("error", .object([("code", .int(status)), ("message", .string(text)),
                                                          ("status", .string(code)), ("details", .array(details))]))])
        return whole(status, wrapped ? .array([error]) : error)
    }

    static func whole(_ status: Int, _ body: WireJSON) -> ResponsePlan {
        ResponsePlan(steps: ResponsePlan.whole(status: status, body: body.text))
    }
}
