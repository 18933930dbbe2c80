import ParleyGateway

/// `effort = "…"` on a provider, and the `[models."provider:model"]` tables that set one model's
/// effort. Kept apart from `ConfigReader.swift`, which is long enough.
extension ConfigReader {
    static let modelKeys = ["effort", "temperature", "max_tokens"]

    /// An effort value: `off`, `low`, `medium` or `high` (`none` reads as `off`).
    func effort(_ value: TOMLNode, at path: [String]) throws -> ReasoningEffort {
        guard case .string(let text) = value, let effort = ReasoningEffort(argument: text) else {
            throw error(at: path, "expected a reasoning effort (\(ReasoningEffort.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))), found \(value.foundDescription)")
        }
        return effort
    }

    /// `[models."NAME:model"]`: each names a configured provider's model; its `effort` goes to
    /// that provider's settings, where it wins over the provider's own.
    func readModelSettings(_ value: TOMLNode, into configuration: inout ParleyConfiguration,
                           providers names: [String]) throws {
        let tables = try table(value, at: ["models"], expected: "a table per model ([models.\"provider:model\"])")
        var problems: [ConfigError] = []
        for (reference, body) in ordered(tables, at: ["models"]) {
            let path = ["models", reference]
            do {
                let model = try modelRef(.string(reference), at: path, item: nil, providers: names)
                let settings = try table(body, at: path, expected: "a table of model settings (effort = \"high\")")
                try rejectUnknownKeys(in: settings, at: path, valid: Self.modelKeys)
                let parameters = try self.parameters(in: settings, at: path)
                guard let index = configuration.providers.firstIndex(where: { $0.name == model.provider }) else { continue }
                if !parameters.isEmpty { configuration.providers[index].modelParameters[model.model] = parameters }
                guard let effortValue = settings["effort"] else { continue }
                configuration.providers[index].modelEfforts[model.model] = try self.effort(effortValue, at: path + ["effort"])
            } catch {
                problems += (error as? ConfigError)?.allProblems ?? [self.error(at: path, String(describing: error))]
            }
        }
        guard var first = problems.first else { return }
        first.moreProblems = Array(problems.dropFirst())
        throw first
    }
}
