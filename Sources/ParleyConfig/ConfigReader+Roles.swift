import Foundation
import ParleyGateway

/// `temperature` and `max_tokens` (on `[models."provider:model"]` and `[roles.NAME]`), and the
/// `[roles.NAME]` tables themselves.
extension ConfigReader {
    static let roleKeys = ["system", "model", "chain", "temperature", "max_tokens", "effort"]
    /// A system prompt longer than this is a file pasted by mistake, not a role.
    static let maximumRoleSystemLength = 64 * 1024

    /// The `temperature` and `max_tokens` of a settings table, range-checked.
    func parameters(in settings: [String: TOMLNode], at path: [String]) throws -> RequestParameters {
        var parameters = RequestParameters()
        if let value = settings["temperature"] {
            guard let number = value.numberValue else {
                throw error(at: path + ["temperature"], "expected a number from 0 to 2, found \(value.foundDescription)")
            }
            if let problem = RequestParameters.temperatureProblem(number) { throw error(at: path + ["temperature"], problem) }
            parameters.temperature = number
        }
        if let value = settings["max_tokens"] {
            guard case .integer(let count) = value else {
                throw error(at: path + ["max_tokens"], "expected a whole number of tokens, found \(value.foundDescription)")
            }
            if let problem = RequestParameters.maxTokensProblem(count) { throw error(at: path + ["max_tokens"], problem) }
            parameters.maxTokens = count
        }
        return parameters
    }

    /// `[roles.NAME]`: `system` (required), and optionally `model` (one reference) or `chain`
    /// (references, or the name of a `[chains]` entry), `temperature`, `max_tokens`, `effort`.
    /// Every broken role is reported, each at its own file:line.
    func readRoles(_ value: TOMLNode, providers names: [String], chains: [String: [ModelRef]]) throws -> [String: PromptRole] {
        let tables = try table(value, at: ["roles"], expected: "a table per role ([roles.NAME] with system = \"…\")")
        var roles: [String: PromptRole] = [:]
        var problems: [ConfigError] = []
        for (name, body) in ordered(tables, at: ["roles"]) {
            let path = ["roles", name]
            do {
                guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0.isNewline }) else {
                    throw error(at: path, "a role name must be one word without spaces")
                }
                let settings = try table(body, at: path, expected: "a table of role settings (system = \"…\")")
                try rejectUnknownKeys(in: settings, at: path, valid: Self.roleKeys)
                guard let systemValue = settings["system"] else { throw error(at: path, "a role needs system = \"…\" (its system prompt)") }
                guard case .string(let system) = systemValue, !system.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                      system.utf8.count <= Self.maximumRoleSystemLength else {
                    throw error(at: path + ["system"], "expected a non-empty system prompt of at most 64 KiB, found \(systemValue.foundDescription)")
                }
                var chain: [ModelRef] = []
                if settings["model"] != nil && settings["chain"] != nil {
                    throw error(at: path + ["chain"], "give model or chain, not both")
                }
                if let model = settings["model"] {
                    chain = [try modelRef(model, at: path + ["model"], item: nil, providers: names)]
                }
                if let chainValue = settings["chain"] {
                    if case .string(let chainName) = chainValue {
                        guard let named = chains[chainName] else {
                            throw error(at: path + ["chain"], "no chain named \(TOMLWriter.quoted(chainName)) in [chains]")
                        }
                        chain = named
                    } else {
                        chain = try modelRefs(chainValue, at: path + ["chain"], providers: names)
                        if chain.isEmpty { throw error(at: path + ["chain"], "expected at least one model reference, found an empty array") }
                    }
                }
                let effort = try settings["effort"].map { try self.effort($0, at: path + ["effort"]) }
                roles[name] = PromptRole(name: name, system: system, chain: chain,
                                   parameters: try parameters(in: settings, at: path), effort: effort)
            } catch {
                problems += (error as? ConfigError)?.allProblems ?? [self.error(at: path, String(describing: error))]
            }
        }
        guard var first = problems.first else { return roles }
        first.moreProblems = Array(problems.dropFirst())
        throw first
    }
}
