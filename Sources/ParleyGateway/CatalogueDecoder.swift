import Foundation

/// Reads `GET /models` in the shapes servers use: OpenAI's `{"data": [...]}`, OpenRouter's entries
/// with `context_length` and per-token `pricing` strings, ZenMux's `display_name`, llama.cpp's
/// `meta.n_ctx_train`, LiteLLM's `max_input_tokens`, or a bare array.
enum CatalogueDecoder {
    static func decode(_ body: Data, sanitizer: TextSanitizer) throws -> [ModelInfo] {
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: body) else {
            let preview = String(decoding: body.prefix(120), as: UTF8.self)
            throw GatewayError.malformedStream(message: "expected a JSON model list, got: \(sanitizer.clean(preview))")
        }
        let entries: [JSONValue]
        switch root {
        case .array(let items): entries = items
        case .object(let object):
            if case .array(let items)? = object["data"] { entries = items }
            else if case .array(let items)? = object["models"] { entries = items }
            else { entries = [] }
        default: entries = []
        }
        return entries.compactMap { entry in
            guard case .object(let fields) = entry, let id = fields["id"]?.stringValue ?? fields["name"]?.stringValue
            else { return nil }
            let name = fields["name"]?.stringValue ?? fields["display_name"]?.stringValue
            var context = fields["context_length"].flatMap(integer) ?? fields["context_window"].flatMap(integer)
                ?? fields["max_input_tokens"].flatMap(integer)
            // llama.cpp's `meta.n_ctx_train` is the length the model was trained with; the server
            // runs it with its own `n_ctx` (`/props`, see `localModelFacts`), often far smaller.
            var trained = false
            if context == nil, case .object(let meta)? = fields["meta"] {
                context = meta["n_ctx_train"].flatMap(integer)
                trained = context != nil
            }
            let pricing = fields["pricing"]?.objectValue ?? [:]
            var supportsReasoning = false
            if case .array(let parameters)? = fields["supported_parameters"] {
                supportsReasoning = parameters.contains { $0.stringValue == "reasoning" || $0.stringValue == "reasoning_effort" }
            }
            return ModelInfo(id: sanitizer.cleanIdentifier(Self.withoutResourcePrefix(id)),
                             name: name.map(sanitizer.cleanIdentifier), contextLength: context,
                             promptPricePerMillion: pricing["prompt"].flatMap(perMillion),
                             completionPricePerMillion: pricing["completion"].flatMap(perMillion),
                             cacheReadPricePerMillion: pricing["input_cache_read"].flatMap(perMillion),
                             cacheWritePricePerMillion: pricing["input_cache_write"].flatMap(perMillion),
                             supportsReasoning: supportsReasoning, contextLengthIsTrained: trained,
                             acceptsImages: Self.acceptsImages(fields))
        }
    }

    /// Anthropic's `/v1/models` pages its list: `has_more: true` with `last_id` names the cursor of
    /// the next page (`?after_id=`). Nil when the body says there is no more, or is not that shape.
    static func nextPageCursor(_ body: Data) -> String? {
        guard case .object(let root)? = try? JSONDecoder().decode(JSONValue.self, from: body),
              case .bool(true)? = root["has_more"], let last = root["last_id"]?.stringValue, !last.isEmpty
        else { return nil }
        return last
    }

    /// Whether the entry says the model takes images: OpenRouter's
    /// `architecture.input_modalities`, a top-level `input_modalities`, a `supports_vision` flag
    /// (LiteLLM's model info). Nil when it says nothing, as most `/models` lists do.
    static func acceptsImages(_ fields: [String: JSONValue]) -> Bool? {
        var lists: [JSONValue] = []
        if case .object(let architecture)? = fields["architecture"], let list = architecture["input_modalities"] {
            lists.append(list)
        }
        if let list = fields["input_modalities"] { lists.append(list) }
        for case .array(let items) in lists {
            return items.prefix(64).contains { $0.stringValue?.lowercased() == "image" }
        }
        if case .bool(let vision)? = fields["supports_vision"] { return vision }
        return nil
    }

    /// A context length: 1e300, -1 or 12.5 are no context length (`WireNumber`).
    private static func integer(_ value: JSONValue) -> Int? {
        WireNumber.count(value, acceptingStrings: true)
    }

    /// Per-token USD (OpenRouter sends decimal strings such as "0.0000015") to USD per million,
    /// through `Decimal` so "0.0000015" becomes exactly 1.5. Negative prices ("-1" marks a
    /// variable-priced router), `NaN`, and prices past `WireNumber.maxUSD` per million count as
    /// unknown.
    private static func perMillion(_ value: JSONValue) -> Double? {
        let decimal: Decimal?
        switch value {
        case .string(let s) where s.utf8.count <= 64:
            // No locale: the separator is then ".", as en_US_POSIX's, and no `Locale` is made
            // (an ICU locale: megabytes of ICU made resident for one decimal point, see
            // docs/performance.md).
            decimal = Decimal(string: s)
        case .number(let n) where n.isFinite && n >= 0 && n <= WireNumber.maxUSD:
            decimal = Decimal(n)
        default: decimal = nil
        }
        guard let perToken = decimal, !perToken.isNaN, perToken >= 0, perToken <= Decimal(WireNumber.maxUSD) else { return nil }
        return WireNumber.usd(NSDecimalNumber(decimal: perToken * 1_000_000).doubleValue)
    }
}

extension CatalogueDecoder {
    /// Gemini lists `models/gemini-2.5-flash` but takes `gemini-2.5-flash` in requests; the id a
    /// user sees and sends is the one requests take.
    static func withoutResourcePrefix(_ id: String) -> String {
        id.hasPrefix("models/") && id.count > 7 ? String(id.dropFirst(7)) : id
    }
}
