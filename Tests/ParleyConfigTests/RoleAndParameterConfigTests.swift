import Foundation
import Testing
import ParleyGateway
@testable import ParleyConfig

/// `temperature` / `max_tokens` on `[models."provider:model"]` and the `[roles.NAME]` tables:
/// read into the providers and the configuration, every bad value named with file:line:key.
@Suite struct RoleAndParameterConfigTests {
    private func parse(_ text: String) throws -> ParleyConfiguration {
        try ParleyConfiguration.parse(text, file: "config.toml")
    }

    private func message(_ text: String) -> String {
        do {
            _ = try parse(text)
            return "no error"
        } catch {
            return (error as? ConfigError)?.allProblems.map(\.description).joined(separator: "\n") ?? String(describing: error)
        }
    }

    private let provider = "[providers.x]\npreset = \"openai\"\n\n"

    @Test func perModelParametersReachTheProvider() throws {
        let configuration = try parse(provider + """
            [models."x:gpt-5"]
            temperature = 0.2
            max_tokens = 900
            effort = "low"

            [models."x:gpt-4o"]
            temperature = 1
            """)
        let x = try #require(try configuration.providers(environment: ["OPENAI_API_KEY": "k"])["x"])
        #expect(x.parameters(forModel: "gpt-5") == RequestParameters(temperature: 0.2, maxTokens: 900))
        #expect(x.effort(forModel: "gpt-5") == .low)
        #expect(x.parameters(forModel: "gpt-4o") == RequestParameters(temperature: 1))
        #expect(x.parameters(forModel: "o3") == RequestParameters())
    }

    @Test func badParametersNameTheirLineAndKey() {
        let hot = message(provider + "[models.\"x:m\"]\ntemperature = 3\n")
        #expect(hot.hasPrefix("config.toml:5: key ") && hot.contains("temperature must be between 0 and 2 (got 3.0)"), "\(hot)")
        #expect(message(provider + "[models.\"x:m\"]\nmax_tokens = 0\n").contains("config.toml:5:"))
        #expect(message(provider + "[models.\"x:m\"]\nmax_tokens = 0\n").contains("max tokens must be between 1 and 1000000"))
        #expect(message(provider + "[models.\"x:m\"]\nmax_tokens = 2.5\n").contains("expected a whole number of tokens, found number 2.5"))
        #expect(message(provider + "[models.\"x:m\"]\ntemperature = \"hot\"\n").contains("expected a number from 0 to 2"))
    }

    @Test func rolesAreReadWithTheirModelAndParameters() throws {
        let configuration = try parse(provider + """
            [chains]
            safe = ["x:gpt-5", "x:gpt-4o"]

            [roles.reviewer]
            system = "You review code."
            model = "x:gpt-5"
            temperature = 0.1
            max_tokens = 2000
            effort = "high"

            [roles.poet]
            system = "You write verse."
            chain = "safe"

            [roles.plain]
            system = "Be brief."
            """)
        let roles = configuration.roles
        #expect(roles["reviewer"] == PromptRole(name: "reviewer", system: "You review code.",
                                                chain: [ModelRef(provider: "x", model: "gpt-5")],
                                                parameters: RequestParameters(temperature: 0.1, maxTokens: 2000), effort: .high))
        #expect(roles["poet"]?.chain.map(\.description) == ["x:gpt-5", "x:gpt-4o"])
        #expect(roles["plain"] == PromptRole(name: "plain", system: "Be brief."))
    }

    @Test func brokenRolesNameTheirLineAndKey() {
        #expect(message("[roles.r]\nmodel = \"x:m\"\n").contains("config.toml:1:"))
        #expect(message("[roles.r]\nmodel = \"x:m\"\n").contains("a role needs system"))
        let text = provider + "[roles.r]\nsystem = \"s\"\ntemprature = 0.5\n"
        #expect(message(text) == "config.toml:6: unknown key 'roles.r.temprature' — did you mean 'roles.r.temperature'?")
        #expect(message(provider + "[roles.r]\nsystem = \"s\"\nmodel = \"nobody:m\"\n").contains("config.toml:6:"))
        #expect(message(provider + "[roles.r]\nsystem = \"s\"\nchain = \"none\"\n").contains("no chain named \"none\""))
        #expect(message(provider + "[roles.r]\nsystem = \"\"\n").contains("config.toml:5: key 'roles.r.system'"))
        #expect(message(provider + "[roles.r]\nsystem = \"s\"\neffort = \"max\"\n").contains("config.toml:6: key 'roles.r.effort'"))
        // Two broken roles: both are reported.
        let both = message(provider + "[roles.a]\nsystem = 1\n\n[roles.b]\nsystem = \"s\"\ntemperature = 9\n")
        #expect(both.contains("roles.a.system") && both.contains("roles.b.temperature"), "\(both)")
    }
}
