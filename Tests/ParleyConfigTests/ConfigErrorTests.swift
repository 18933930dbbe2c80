import ParleyGateway
import Testing
@testable import ParleyConfig

/// Every error names the file, the line, the key, what was found and what was expected.
@Suite struct ConfigErrorTests {
    private func message(_ text: String) -> String {
        do {
            _ = try ParleyConfiguration.parse(text, file: "~/.config/parley/config.toml")
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func wrongTypeNamesFileLineKeyFoundAndExpected() {
        #expect(message("""
            theme = "dark"

            [timeouts]
            first_token = "fast"
            """) == #"~/.config/parley/config.toml:4: key 'timeouts.first_token': expected a number of seconds, found string "fast""#)
        #expect(message("[retry]\nmax_retries = 1.5\n")
                == "~/.config/parley/config.toml:2: key 'retry.max_retries': expected a whole number of retries from 0 to 100, found number 1.5")
        #expect(message("[budget]\ndaily_usd = \"lots\"\n")
                == #"~/.config/parley/config.toml:2: key 'budget.daily_usd': expected an amount in US dollars (like 2.50), found string "lots""#)
        #expect(message("favorites = \"openrouter:x\"\n")
                == #"~/.config/parley/config.toml:1: key 'favorites': expected an array of model references (like ["openrouter:openai/gpt-4o"]), found string "openrouter:x""#)
        #expect(message("timeouts = 5\n")
                == "~/.config/parley/config.toml:1: key 'timeouts': expected a table ([timeouts]), found integer 5")
        #expect(message("[timeouts]\nidle = -1\n")
                == "~/.config/parley/config.toml:2: key 'timeouts.idle': expected a number of seconds from 0 to 86400 (a day), found integer -1")
    }

    @Test func absurdNumbersAreRefusedWithTheAllowedRange() {
        #expect(message("[timeouts]\ntotal = 1e300\n")
                == "~/.config/parley/config.toml:2: key 'timeouts.total': expected a number of seconds from 0 to 86400 (a day), found number 1e+300")
        #expect(message("[retry]\ncooldown = 1e300\n").hasPrefix("~/.config/parley/config.toml:2: key 'retry.cooldown': expected a number of seconds from 0 to 86400"))
        #expect(message("[timeouts]\nconnect = 1e18\n").hasPrefix("~/.config/parley/config.toml:2: key 'timeouts.connect': expected a number of seconds from 0 to 86400"))
        #expect(message("[timeouts]\nidle = 86400\n") == "no error")
    }

    @Test func aPortOutsideItsRangeIsRefused() {
        #expect(message("[providers.local]\nbase_url = \"http://127.0.0.1:99999/v1\"\n")
                == #"~/.config/parley/config.toml:2: key 'providers.local.base_url': the port must be a number from 1 to 65535, found "99999", found string "http://127.0.0.1:99999/v1""#)
        #expect(message("[providers.local]\nbase_url = \"http://[::1]:70000/v1\"\n").contains("the port must be a number from 1 to 65535"))
        #expect(message("[providers.local]\nbase_url = \"http://127.0.0.1:65535/v1\"\n") == "no error")
        #expect(message("[providers.local]\nbase_url = \"https://example.com/v1\"\n") == "no error")
    }

    @Test func everyProblemIsReportedNotOnlyTheFirst() throws {
        let text = """
            theme = 5

            [providers.local]
            base_url = "http://127.0.0.1:99999/v1"

            [timeouts]
            total = 1e300

            [retry]
            cooldown = -1
            """
        do {
            _ = try ParleyConfiguration.parse(text, file: "c.toml")
            Issue.record("no error")
        } catch let error as ConfigError {
            #expect(error.allProblems.map(\.location) == ["c.toml:4", "c.toml:7", "c.toml:10", "c.toml:1"])
            #expect(error.allProblems.compactMap(\.key) == ["providers.local.base_url", "timeouts.total", "retry.cooldown", "theme"])
            #expect(error.description.hasPrefix("c.toml:4: key 'providers.local.base_url'"))
        }
    }

    @Test func unknownKeysComeWithTheNearestValidOne() {
        #expect(message("defualt_model = \"x\"\n")
                == "~/.config/parley/config.toml:1: unknown key 'defualt_model' — did you mean 'default_model'?")
        #expect(message("[timeouts]\nconnect = 1\nfrist_token = 3\n")
                == "~/.config/parley/config.toml:3: unknown key 'timeouts.frist_token' — did you mean 'timeouts.first_token'?")
        #expect(message("[providers.local]\npreset = \"llamacpp\"\nbase_ur = \"http://127.0.0.1:8080/v1\"\n")
                == "~/.config/parley/config.toml:3: unknown key 'providers.local.base_ur' — did you mean 'providers.local.base_url'?")
        #expect(message("[keys]\nnxt_model = \"ctrl-n\"\n")
                == "~/.config/parley/config.toml:2: unknown key 'keys.nxt_model' — did you mean 'keys.next_model'?")
        #expect(message("zzz = 1\n")
                == "~/.config/parley/config.toml:1: unknown key 'zzz' (valid keys here: providers, default_model, favorites, chains, route, timeouts, retry, budget, theme, keys, models, roles)")
    }

    @Test func syntaxErrorsCarryLineAndColumn() {
        let text = message("theme = \"dark\"\nroute = \n")
        #expect(text.hasPrefix("~/.config/parley/config.toml:2:"))
        #expect(text.contains("syntax error"))
        let unterminated = message("[providers.local\npreset = \"x\"\n")
        #expect(unterminated.hasPrefix("~/.config/parley/config.toml:1:"))
    }

    @Test func aLiteralKeyIsRefusedWithoutEchoingIt() {
        let text = message("""
            [providers.openrouter]
            preset = "openrouter"
            api_key = "sk-or-v1-0123456789abcdef0123456789abcdef"
            """)
        #expect(text == "~/.config/parley/config.toml:3: key 'providers.openrouter.api_key': API keys are not read from the "
                + "config file. Remove this line and name where the key is: api_key_env = \"OPENROUTER_API_KEY\" (an "
                + "environment variable holding it) or api_key_command = \"pass show openrouter\" (a command that prints it)")
        #expect(!text.contains("0123456789"))
    }

    @Test func aKeyPastedIntoApiKeyEnvIsRefusedWithoutEchoingIt() {
        let text = message("""
            [providers.openai]
            preset = "openai"
            api_key_env = "sk-proj-AbCdEf0123456789GhIjKl0123"
            """)
        #expect(text == "~/.config/parley/config.toml:3: key 'providers.openai.api_key_env': expected the name of an "
                + "environment variable (like OPENAI_API_KEY), found a string that looks like an API key — put the key "
                + "itself in that variable, never in the file")
        #expect(!text.contains("AbCdEf"))
    }

    @Test func credentialHeadersAreRefused() {
        let text = message("""
            [providers.x]
            base_url = "https://example.com/v1"
            headers = { Authorization = "Bearer sk-abcdefghijklmnopqrstuvwxyz" }
            """)
        #expect(text.hasPrefix("~/.config/parley/config.toml:3: key 'providers.x.headers.Authorization': credentials are not read"))
        #expect(!text.contains("abcdefghij"))
    }

    @Test func unknownPresetAndRoute() {
        #expect(message("[providers.or]\npreset = \"openruoter\"\n")
                == "~/.config/parley/config.toml:2: key 'providers.or.preset': unknown preset \"openruoter\" — did you mean "
                + "\"openrouter\"? (known presets: openrouter, zenmux, litellm, openai, deepseek, ollama, llamacpp, lmstudio, custom, azure, bedrock, vertex, gemini, anthropic, demo)")
        #expect(message("route = \"cheap\"\n")
                == "~/.config/parley/config.toml:1: key 'route': unknown route \"cheap\" — did you mean \"cheapest\"? "
                + "(expected one of ordered, cheapest, fastest, gateway)")
    }

    @Test func modelReferencesMustNameAConfiguredProvider() {
        let providers = "[providers.openrouter]\npreset = \"openrouter\"\n"
        #expect(message("""
            [chains]
            careful = ["openrouter:openai/gpt-4o", "deepsek:deepseek-chat"]
            \(providers)
            """) == #"~/.config/parley/config.toml:2: key 'chains.careful': item 2: unknown provider 'deepsek' in "deepsek:deepseek-chat" (configured providers: openrouter)"#)
        #expect(message("favorites = [\"opnrouter:x\"]\n" + providers)
                == #"~/.config/parley/config.toml:1: key 'favorites': item 1: unknown provider 'opnrouter' in "opnrouter:x" — did you mean 'openrouter'?"#)
        #expect(message("default_model = \"gpt-4o\"\n" + providers)
                == #"~/.config/parley/config.toml:1: key 'default_model': expected a model reference "provider:model", found string "gpt-4o" (configured providers: openrouter)"#)
        #expect(message("[chains]\nempty = []\n")
                == "~/.config/parley/config.toml:2: key 'chains.empty': expected at least one model reference, found an empty array")
    }

    @Test func aCustomProviderNeedsABaseURL() {
        #expect(message("[providers.mine]\napi_key_env = \"MINE_KEY\"\n")
                == "~/.config/parley/config.toml:1: key 'providers.mine': provider 'mine' has no base_url and no preset: add "
                + "base_url = \"https://…/v1\", or preset = \"…\" for a known service (openrouter, zenmux, litellm, openai, "
                + "deepseek, ollama, llamacpp, lmstudio, custom, azure, bedrock, vertex, gemini, anthropic, demo)")
        #expect(message("[providers.openrouter]\napi_key_env = \"OPENROUTER_API_KEY\"\n")
                == "~/.config/parley/config.toml:1: key 'providers.openrouter': provider 'openrouter' has no base_url and no "
                + "preset: add preset = \"openrouter\", or base_url = \"https://…/v1\"")
        #expect(message("[providers.x]\nbase_url = \"localhost:8080\"\n")
                == #"~/.config/parley/config.toml:2: key 'providers.x.base_url': expected an http:// or https:// URL (like "http://127.0.0.1:8080/v1"), found string "localhost:8080""#)
    }

    @Test func keySourcesAreExclusive() {
        #expect(message("[providers.x]\npreset = \"openai\"\napi_key_env = \"A\"\napi_key_command = \"b\"\n")
                == "~/.config/parley/config.toml:4: key 'providers.x.api_key_command': set either api_key_env or api_key_command, not both")
    }

    @Test func keyBindingsAreCheckedAgainstTheUIKeySyntax() {
        #expect(message("[keys]\nsend = \"ctrl-enterr\"\n")
                == #"~/.config/parley/config.toml:2: key 'keys.send': unknown key "ctrl-enterr" (keys are written like "ctrl-n", "alt-b", "f2", "shift-f2", "alt-enter", "pgup")"#)
    }

    @Test func missingAndUnreadableFiles() {
        #expect(throws: ConfigError.self) { try ParleyConfiguration.load(from: "/nonexistent/parley/config.toml") }
        do {
            _ = try ParleyConfiguration.load(from: "/nonexistent/parley/config.toml")
        } catch {
            #expect("\(error)" == "/nonexistent/parley/config.toml: no such file")
        }
    }

    @Test func levenshteinSuggestsOnlyPlausibleTypos() {
        #expect(Levenshtein.distance("kitten", "sitting") == 3)
        #expect(Levenshtein.nearest(to: "defualt_model", among: ConfigReader.topLevelKeys) == "default_model")
        #expect(Levenshtein.nearest(to: "zzz", among: ConfigReader.topLevelKeys) == nil)
    }
}
