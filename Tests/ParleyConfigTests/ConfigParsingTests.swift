import Foundation
import ParleyGateway
import Testing
@testable import ParleyConfig

/// The repository root, found from this file's path, for reading docs/config.example.toml.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

@Suite struct ConfigParsingTests {
    @Test func parsesTheFullExampleConfig() throws {
        let configuration = try ParleyConfiguration.load(from: repositoryRoot + "/docs/config.example.toml")
        #expect(configuration.providers.map(\.name) == ["openrouter", "zenmux", "deepseek", "gateway", "local"])
        #expect(configuration.defaultModel == ModelRef(provider: "openrouter", model: "anthropic/claude-sonnet-4.6"))
        #expect(configuration.favorites.count == 4)
        #expect(configuration.favorites[3] == ModelRef(provider: "local", model: "smollm2"))
        #expect(configuration.route == .ordered)
        #expect(configuration.theme == "dark")
        #expect(configuration.chains["offline-first"] == [ModelRef(provider: "local", model: "smollm2"),
                                                           ModelRef(provider: "openrouter", model: "openai/gpt-4o-mini")])
        #expect(configuration.timeouts == Timeouts(connect: .seconds(10), firstToken: .seconds(60), idle: .seconds(30), total: .seconds(600)))
        #expect(configuration.retry == RetrySettings(maxRetries: 2, maxRetryAfter: .seconds(60), cooldown: .seconds(60)))
        #expect(configuration.budget == BudgetSettings(dailyUSD: 2.5, conversationUSD: 0.5))
        #expect(configuration.keyBindings == ["next_model": ["ctrl-n", "f2"], "toggle_log": ["ctrl-l"]])

        let openrouter = try #require(configuration.provider(named: "openrouter"))
        #expect(openrouter.preset == .openrouter)
        #expect(openrouter.baseURL == "https://openrouter.ai/api/v1")
        #expect(!openrouter.baseURLIsExplicit)
        #expect(openrouter.keySource == .environment(variable: "OPENROUTER_API_KEY", isPresetDefault: false))
        #expect(openrouter.headers == ["X-OpenRouter-Title": "Parley"])
        #expect(configuration.provider(named: "zenmux")?.keySource == .command("pass show zenmux"))
        #expect(configuration.provider(named: "deepseek")?.keySource == .environment(variable: "DEEPSEEK_API_KEY", isPresetDefault: true))
        #expect(configuration.provider(named: "gateway")?.allowedModels == ["mock-fast", "mock-cheap"])
        let local = try #require(configuration.provider(named: "local"))
        #expect(local.keySource == .none)
        #expect(local.isLocal)
    }

    @Test func anEmptyFileMeansDefaults() throws {
        let configuration = try ParleyConfiguration.parse("", file: "config.toml")
        #expect(configuration == ParleyConfiguration())
        #expect(configuration.timeouts == .standard)
        #expect(configuration.route == .ordered)
        #expect(configuration.theme == "dark")
    }

    @Test func zeroSwitchesATimeoutOffAndFractionsAreKept() throws {
        let configuration = try ParleyConfiguration.parse("[timeouts]\ntotal = 0\nfirst_token = 2.5\n", file: "c.toml")
        #expect(configuration.timeouts.total == nil)
        #expect(configuration.timeouts.firstToken == .milliseconds(2500))
        #expect(configuration.timeouts.connect == .seconds(10))
    }

    @Test func modelIdsMayContainColons() throws {
        let configuration = try ParleyConfiguration.parse("""
            default_model = "ollama:llama3:8b"
            [providers.ollama]
            preset = "ollama"
            """, file: "c.toml")
        #expect(configuration.defaultModel == ModelRef(provider: "ollama", model: "llama3:8b"))
    }

    @Test func showRedactsKeysAndSaysWhetherVariablesAreSet() throws {
        let configuration = try ParleyConfiguration.load(from: repositoryRoot + "/docs/config.example.toml")
        let shown = configuration.renderTOML(environment: ["OPENROUTER_API_KEY": "sk-or-v1-secretsecretsecret"])
        #expect(shown.contains("api_key_env = \"OPENROUTER_API_KEY\"  # set"))
        #expect(shown.contains("api_key_env = \"DEEPSEEK_API_KEY\"  # not set (preset default)"))
        #expect(shown.contains("api_key_command = \"pass show zenmux\""))
        #expect(!shown.contains("secretsecret"))
        // What `show` prints is itself a valid configuration.
        let reparsed = try ParleyConfiguration.parse(shown, file: "shown.toml")
        #expect(reparsed.providers.map(\.baseURL) == configuration.providers.map(\.baseURL))
        #expect(reparsed.providers.map(\.headers) == configuration.providers.map(\.headers))
        #expect(reparsed.favorites == configuration.favorites)
        #expect(reparsed.chains == configuration.chains)
        #expect(reparsed.timeouts == configuration.timeouts)
        #expect(reparsed.retry == configuration.retry)
        #expect(reparsed.budget == configuration.budget)
        #expect(reparsed.keyBindings == configuration.keyBindings)
    }

    @Test func showRedactsAKeyInsideAKeyCommand() throws {
        let configuration = try ParleyConfiguration.parse("""
            [providers.x]
            base_url = "https://example.com/v1"
            api_key_command = "echo sk-abcdefghijklmnopqrstuvwx"
            """, file: "c.toml")
        let shown = configuration.renderTOML(environment: [:])
        #expect(shown.contains("echo <redacted>"))
        #expect(!shown.contains("abcdefghij"))
    }
}

@Suite struct KeyLineIndexTests {
    @Test func findsKeysTablesDottedAndQuotedKeys() {
        let index = KeyLineIndex(source: """
            # comment
            default_model = "a:b"
            favorites = [
              "x = 1",
              "[not.a.table]",
            ]
            notes = \"\"\"
            fake = 1
            [fake.table]
            \"\"\"

            [providers.local]
            preset = "llamacpp"
            headers = { X-A = "b" }
            [providers."my provider"]
            timeouts.connect = 3
            [[arrays]]
            item = 1
            """)
        #expect(index.line(of: ["default_model"]) == 2)
        #expect(index.line(of: ["favorites"]) == 3)
        #expect(index.line(of: ["x"]) == nil)
        #expect(index.line(of: ["not"]) == nil)
        #expect(index.line(of: ["fake"]) == nil)
        #expect(index.line(of: ["providers"]) == 12)
        #expect(index.line(of: ["providers", "local"]) == 12)
        #expect(index.line(of: ["providers", "local", "preset"]) == 13)
        #expect(index.line(of: ["providers", "local", "headers", "X-A"]) == 14)
        #expect(index.line(of: ["providers", "my provider"]) == 15)
        #expect(index.line(of: ["providers", "my provider", "timeouts", "connect"]) == 16)
        #expect(index.line(of: ["arrays", "item"]) == 18)
    }
}
