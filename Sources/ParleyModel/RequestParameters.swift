/// The sampling parameters a request may carry: what `--temperature` / `--max-tokens`, `/set`,
/// a role and `[models."provider:model"]` in the config set. `nil` sends nothing, so the
/// server's own default applies.
public struct RequestParameters: Sendable, Hashable, Codable {
    public var temperature: Double?
    public var maxTokens: Int?

    /// What every OpenAI-compatible server accepts (OpenAI documents 0 to 2).
    public static let temperatureRange: ClosedRange<Double> = 0...2
    /// No model answers more than this in one reply today; a larger number is a typo.
    public static let maxTokensRange: ClosedRange<Int> = 1...1_000_000

    public init(temperature: Double? = nil, maxTokens: Int? = nil) {
        self.temperature = temperature
        self.maxTokens = maxTokens
    }

    public var isEmpty: Bool { temperature == nil && maxTokens == nil }

    /// These parameters where set, else `base`'s: the more specific source wins field by field.
    public func over(_ base: RequestParameters) -> RequestParameters {
        RequestParameters(temperature: temperature ?? base.temperature, maxTokens: maxTokens ?? base.maxTokens)
    }

    /// Why `value` is no temperature, or nil when it is one.
    public static func temperatureProblem(_ value: Double) -> String? {
        guard value.isFinite, temperatureRange.contains(value) else {
            return "temperature must be between 0 and 2 (got \(value))"
        }
        return nil
    }

    /// Why `value` is no token limit, or nil when it is one.
    public static func maxTokensProblem(_ value: Int) -> String? {
        guard maxTokensRange.contains(value) else {
            return "max tokens must be between 1 and \(maxTokensRange.upperBound) (got \(value))"
        }
        return nil
    }

    /// `temperature 0.7 · max_tokens 500`, or nil when nothing is set.
    public var summary: String? {
        var parts: [String] = []
        if let temperature { parts.append("temperature \(Self.format(temperature))") }
        if let maxTokens { parts.append("max_tokens \(maxTokens)") }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    /// `0.3`, `1`, not `1.0` or `0.30000000000000004`.
    public static func format(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
