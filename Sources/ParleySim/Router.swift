import Foundation
import NIOCore
import NIOHTTP1

/// Maps a complete HTTP request to the plan of its response. Paths are accepted with or without
/// `/v1` (and with OpenRouter's `/api/v1`), with or without a query string.
struct Router: Sendable {
    let ledger: SimLedger

    /// The plan, and the model name the request counts against in the statistics.
    func respond(to head: HTTPRequestHead, body: ByteBuffer) -> (plan: ResponsePlan, model: String?) {
        let created = Int(Date().timeIntervalSince1970)
        if let (platform, route) = PlatformDialect.split(head.uri) {
            return respond(as: platform, route: route, to: head, body: body, created: created)
        }
        // A base URL under `/hostile/` lists models with escapes in their ids (HostileModels);
        // one under `/slow-models/` lists them only after a pause, as a gateway with a catalogue
        // of hundreds of models can (the chat must not decide anything on a list not yet there).
        let hostile = head.uri.hasPrefix("/hostile/")
        let slowModels = head.uri.hasPrefix("/slow-models/")
        let uri = hostile ? String(head.uri.dropFirst("/hostile".count))
            : slowModels ? String(head.uri.dropFirst("/slow-models".count)) : head.uri
        switch (head.method, Self.route(of: uri)) {
        case (.POST, "/chat/completions"):
            return chatCompletion(body: body, created: created,
                                  target: RequestTarget(uri: head.uri, host: head.headers.first(name: "host")))
        case (.GET, "/models"):
            _ = ledger.requestArrived()
            var plan = Self.json(200, Self.modelList(created: created, hostile: hostile))
            if slowModels { plan.steps.insert(.pause(seconds: Self.slowModelsPause), at: 0) }
            return (plan, nil)
        case (.GET, "/health"), (.GET, "/"):
            return (Self.json(200, .object([("status", "ok")])), nil)
        case (_, "/chat/completions"), (_, "/models"):
            return (ErrorResponse.plan(status: 405, message: "Method \(head.method.rawValue) is not allowed here."), nil)
        default:
            return (ErrorResponse.plan(status: 404, message: "Unknown path \(head.uri).", code: "unknown_url"), nil)
        }
    }

    /// How long a `/slow-models/` base URL takes to list its models.
    static let slowModelsPause = 8.0

    /// `/api/v1/chat/completions?x=1` → `/chat/completions`.
    static func route(of uri: String) -> String {
        var path = Substring(uri.prefix { $0 != "?" && $0 != "#" })
        for prefix in ["/api", "/v1"] where path.hasPrefix(prefix + "/") || path == prefix {
            path = path.dropFirst(prefix.count)
        }
        while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        return path.isEmpty ? "/" : String(path)
    }

    /// A request to a platform's endpoint (`/platform/NAME/…`): its auth, ids, errors and shapes.
    private func respond(as platform: PlatformDialect, route: String, to head: HTTPRequestHead, body: ByteBuffer,
                         created: Int) -> (plan: ResponsePlan, model: String?) {
        if let refusal = platform.refusal(headers: head.headers, route: route, ledger: ledger) {
            _ = ledger.requestArrived()
            return (refusal, nil)
        }
        switch (head.method, route) {
        case (.POST, "/chat/completions"):
            return chatCompletion(body: body, created: created,
                                  target: RequestTarget(uri: head.uri, host: head.headers.first(name: "host")),
                                  platform: platform)
        case (.GET, "/models"):
            _ = ledger.requestArrived()
            return (platform.modelList(created: created, uri: head.uri)
                ?? ErrorResponse.plan(status: 404, message: "Unknown path \(head.uri).", code: "unknown_url"), nil)
        case (.POST, "/api/show") where platform == .ollama:
            let (plan, model) = PlatformDialect.ollamaShow(body: body)
            ledger.nativeRequestArrived(route, model: model)
            return (plan, nil)
        case (.GET, "/api/ps") where platform == .ollama:
            ledger.nativeRequestArrived(route, model: nil)
            return (PlatformDialect.ollamaLoaded(ledger.snapshot), nil)
        case (.GET, "/props") where platform == .llamacpp:
            ledger.nativeRequestArrived(route, model: nil)
            return (PlatformDialect.llamaCppProps(), nil)
        default:
            return (ErrorResponse.plan(status: 404, message: "Unknown path \(head.uri).", code: "unknown_url"), nil)
        }
    }

    private func chatCompletion(body: ByteBuffer, created: Int, target: RequestTarget,
                                platform: PlatformDialect? = nil) -> (plan: ResponsePlan, model: String?) {
        let request: ChatRequest
        do {
            request = try JSONDecoder().decode(ChatRequest.self, from: Data(body.readableBytesView))
        } catch is DecodingError where (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) != nil {
            _ = ledger.requestArrived()
            return (ErrorResponse.plan(status: 400, message: "The request needs a string 'model' and a 'messages' array of {role, content}."), nil)
        } catch {
            _ = ledger.requestArrived()
            return (ErrorResponse.plan(status: 400, message: "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)"), nil)
        }

        // Like OpenRouter's `models: [...]`: the first model that does not fail before its
        // answer starts serves, and the response names it; if every one fails, the last error.
        // The cloud platforms' endpoints have no such thing: only `model` counts there.
        var result: (plan: ResponsePlan, model: String?) = (ErrorResponse.plan(status: 400), nil)
        for candidate in platform == nil ? request.candidates : [request.model] {
            var attemptRequest = request
            attemptRequest.model = candidate
            result = serve(attemptRequest, created: created, target: target, platform: platform)
            if !Self.failsBeforeAnswer(result.plan) { break }
        }
        return result
    }

    private func serve(_ request: ChatRequest, created: Int, target: RequestTarget,
                       platform: PlatformDialect?) -> (plan: ResponsePlan, model: String?) {
        let (serial, attempt) = ledger.requestArrived(model: request.model, conversation: request.conversationKey,
                                                        record: request.record)
        var requested: String? = request.model
        var filtered = false
        if let platform {
            requested = platform.simulatorID(request.model)
            if platform == .azure, let id = requested, id.hasPrefix(PlatformDialect.filteredPrefix) {
                filtered = true
                requested = String(id.dropFirst(PlatformDialect.filteredPrefix.count))
            }
        }
        let name = ModelName(requested ?? "")
        if let platform, requested.flatMap({ SimCatalogue.model(id: ModelName($0).baseID) }) == nil {
            return (platform.unknownModel(request.model), request.model)
        }
        guard let model = SimCatalogue.model(id: name.baseID) else {
            let message = "The model `\(request.model)` does not exist or you do not have access to it."
            return (ErrorResponse.plan(status: 404, message: message, code: "model_not_found"), request.model)
        }
        let script: ModelScript
        do {
            script = try model.script.applying(name.parameters)
        } catch {
            return (ErrorResponse.plan(status: 400, message: error.message, code: "invalid_model_parameter"), request.model)
        }
        let planner = ResponsePlanner(request: request, model: model, script: script, attempt: attempt,
                                      serial: serial, created: created, target: target)
        let plan = planner.plan()
        return (platform.map { $0.adapt(plan, filtered: filtered) } ?? plan, request.model)
    }

    /// An error status before any answer: a gateway could still try another model.
    static func failsBeforeAnswer(_ plan: ResponsePlan) -> Bool {
        if case .head(let status, _)? = plan.steps.first { return status >= 400 }
        return false
    }

    // MARK: - /v1/models

    /// OpenRouter's shape (a superset of OpenAI's): prices are USD per token as decimal strings.
    static func modelList(created: Int, hostile: Bool = false) -> WireJSON {
        var data = SimCatalogue.models.map { model -> WireJSON in
            .object([
                ("id", .string(model.id)), ("object", "model"), ("created", 1_735_689_600), ("owned_by", "parley-sim"),
                ("name", .string(model.name)), ("description", .string(model.description)),
                ("context_length", .int(model.contextLength)),
                ("architecture", .object([
                    ("modality", .string(model.acceptsImages ? "text+image->text" : "text->text")),
                    ("input_modalities", .array((model.acceptsImages ? ["text", "image"] : ["text"]).map { WireJSON.string($0) })),
                    ("output_modalities", .array(["text"])),
                ])),
                ("pricing", .object([
                    ("prompt", .string("\(model.promptPrice)")), ("completion", .string("\(model.completionPrice)")),
                    ("request", "0"), ("image", "0"),
                ] + (model.cacheReadPrice.map { [("input_cache_read", WireJSON.string("\($0)"))] } ?? []))),
                ("supported_parameters", .array((["max_tokens", "temperature", "stream"]
                    + (model.thinks ? ["reasoning", "include_reasoning"] : [])).map { WireJSON.string($0) })),
                ("top_provider", .object([("context_length", .int(model.contextLength)),
                                          ("max_completion_tokens", .null), ("is_moderated", false)])),
            ])
        }
        if hostile { data += HostileModels.catalogueEntries() }
        return .object([("object", "list"), ("data", .array(data))])
    }

    private static func json(_ status: Int, _ body: WireJSON) -> ResponsePlan {
        ResponsePlan(steps: ResponsePlan.whole(status: status, body: body.text))
    }
}
