import Foundation
import Testing
import ParleyGateway
@testable import ParleyConfig

/// `effort = "…"` on a provider and `[models."provider:model"]`: read into the providers, and
/// every bad value named with file:line:key.
@Suite struct EffortConfigTests {
    private func parse(_ text: String) throws -> ParleyConfiguration {
        try ParleyConfiguration.parse(text, file: "config.toml")
    }

    private func message(_ text: String) -> String {
        do {
            _ = try parse(text)
            return "no error"
        } catch {
            return String(describing: error)
        }
    }

    @Test func providerAndModelEffortsReachTheProvider() throws {
        let configuration = try parse("""
            [providers.openrouter]
            preset = "openrouter"
            effort = "low"

            [providers.local]
            preset = "ollama"

            [models."openrouter:deepseek/deepseek-r1"]
            effort = "high"

            [models."local:qwen3:8b"]
            effort = "off"
            """)
        let providers = try configuration.providers(environment: ["OPENROUTER_API_KEY": "k"])
        let openrouter = try #require(providers["openrouter"])
        #expect(openrouter.effort(forModel: "deepseek/deepseek-r1") == .high)
        #expect(openrouter.effort(forModel: "openai/gpt-4o") == .low)
        let local = try #require(providers["local"])
        #expect(local.effort == nil)
        #expect(local.effort(forModel: "qwen3:8b") == .off)
    }

    @Test func badEffortsNameTheirLineAndKey() {
        #expect(message("[providers.x]\npreset = \"openai\"\neffort = \"max\"\n")
                == #"config.toml:3: key 'providers.x.effort': expected a reasoning effort ("off", "low", "medium", "high"), found string "max""#)
        #expect(message("[providers.x]\npreset = \"openai\"\neffort = 3\n").hasPrefix("config.toml:3: key 'providers.x.effort': expected a reasoning effort"))
        let model = message("[providers.x]\npreset = \"openai\"\n\n[models.\"x:gpt-5\"]\neffort = \"loud\"\n")
        #expect(model.hasPrefix("config.toml:5: key 'models.\"x:gpt-5\".effort'") || model.hasPrefix("config.toml:5: key 'models.x:gpt-5.effort'"),
                "\(model)")
        #expect(model.contains("found string \"loud\""))
    }

    @Test func aModelTableNamesAKnownProviderAndKnownKeys() {
        #expect(message("[models.\"nobody:m\"]\neffort = \"low\"\n").contains("nobody"))
        let unknown = message("[providers.x]\npreset = \"openai\"\n\n[models.\"x:m\"]\neffrot = \"low\"\n")
        #expect(unknown.contains("effrot"))
        #expect(unknown.contains("effort"))
    }
}
