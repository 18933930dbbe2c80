import Foundation
import ParleyGateway
import Testing
@testable import ParleyConfig

@Suite struct ConfigLocatorTests {
    private let everything = ["HOME": "/home/ana", "XDG_CONFIG_HOME": "/xdg", "PARLEY_HOME": "/ph",
                              "PARLEY_CONFIG": "/env/config.toml"]

    private func locate(_ environment: [String: String], flag: String? = nil) -> ConfigLocation {
        ConfigLocator(environment: environment, fileExists: { $0 == "/ph/config.toml" }).locate(flag: flag)
    }

    @Test func precedenceIsFlagThenEnvironmentThenParleyHomeThenXDGThenHome() {
        #expect(locate(everything, flag: "/flag.toml").path == "/flag.toml")
        #expect(locate(everything, flag: "/flag.toml").source == .flag)
        #expect(locate(everything).path == "/env/config.toml")
        var environment = everything
        environment["PARLEY_CONFIG"] = nil
        #expect(locate(environment) == ConfigLocation(path: "/ph/config.toml", source: .parleyHome, exists: true))
        environment["PARLEY_HOME"] = nil
        #expect(locate(environment) == ConfigLocation(path: "/xdg/parley/config.toml", source: .xdgConfigHome, exists: false))
        environment["XDG_CONFIG_HOME"] = nil
        #expect(locate(environment) == ConfigLocation(path: "/home/ana/.config/parley/config.toml", source: .home, exists: false))
    }

    @Test func emptyAndRelativeXDGValuesAreIgnored() {
        #expect(locate(["HOME": "/home/ana", "XDG_CONFIG_HOME": "", "PARLEY_CONFIG": ""]).source == .home)
        #expect(locate(["HOME": "/home/ana", "XDG_CONFIG_HOME": "relative/dir"]).source == .home)
    }

    @Test func tildeInTheFlagIsExpanded() {
        #expect(locate(["HOME": "/home/ana"], flag: "~/p.toml").path == "/home/ana/p.toml")
    }

    @Test func aMissingDefaultFileMeansNoConfigurationButAMissingNamedFileIsAnError() throws {
        let locator = ConfigLocator(environment: ["HOME": "/nonexistent-home"], fileExists: { _ in false })
        #expect(try locator.load() == nil)
        #expect(throws: ConfigError.self) { try locator.load(flag: "/nonexistent/config.toml") }
        let named = ConfigLocator(environment: ["PARLEY_CONFIG": "/nonexistent/c.toml"], fileExists: { _ in false })
        #expect(throws: ConfigError.self) { try named.load() }
    }

    @Test func dataDirectoryFollowsParleyHomeThenXDG() {
        #expect(ConfigLocator(environment: ["PARLEY_HOME": "/ph", "HOME": "/h"]).dataDirectory == "/ph")
        #expect(ConfigLocator(environment: ["XDG_DATA_HOME": "/data", "HOME": "/h"]).dataDirectory == "/data/parley")
        #expect(ConfigLocator(environment: ["HOME": "/h"]).dataDirectory == "/h/.local/share/parley")
    }
}

@Suite struct ProviderResolutionTests {
    private func configuration(_ text: String) throws -> ParleyConfiguration {
        try ParleyConfiguration.parse(text, file: "c.toml")
    }

    @Test func keysComeFromTheNamedVariable() throws {
        let providers = try configuration("""
            [providers.openrouter]
            preset = "openrouter"
            api_key_env = "MY_OR_KEY"
            [providers.local]
            preset = "ollama"
            """).providers(environment: ["MY_OR_KEY": "  or-key-value\n"])
        #expect(providers["openrouter"]?.apiKey?.value == "or-key-value")
        #expect(providers["openrouter"]?.baseURL == "https://openrouter.ai/api/v1")
        #expect(providers["openrouter"]?.extraHeaders["X-OpenRouter-Title"] == "Parley")
        #expect(providers["local"]?.apiKey == nil)
        #expect(providers["local"]?.baseURL == "http://127.0.0.1:11434/v1")
    }

    @Test func presetsFallBackToTheirUsualVariable() throws {
        let providers = try configuration("[providers.deepseek]\npreset = \"deepseek\"\n")
            .providers(environment: ["DEEPSEEK_API_KEY": "ds"])
        #expect(providers["deepseek"]?.apiKey?.value == "ds")
    }

    @Test func aMissingVariableNamesProviderAndVariable() throws {
        let config = try configuration("[providers.openrouter]\npreset = \"openrouter\"\napi_key_env = \"OR_KEY\"\n")
        #expect(throws: ProviderKeyError(provider: "openrouter", message: "environment variable OR_KEY is not set (named by api_key_env)")) {
            try config.providers(environment: [:])
        }
        #expect(throws: ProviderKeyError(provider: "openrouter", message: "environment variable OR_KEY is set but empty (named by api_key_env)")) {
            try config.providers(environment: ["OR_KEY": " "])
        }
    }

    @Test func keysComeFromAKeyCommand() throws {
        let providers = try configuration("""
            [providers.zen]
            preset = "zenmux"
            api_key_command = "echo test-key"
            """).providers(environment: ["PATH": "/usr/bin:/bin"])
        #expect(providers["zen"]?.apiKey?.value == "test-key")
    }

    @Test func theKeyCommandSeesTheGivenEnvironment() throws {
        let providers = try configuration("""
            [providers.zen]
            preset = "zenmux"
            api_key_command = "printf '%s' \\"$SECRET_SOURCE\\""
            """).providers(environment: ["SECRET_SOURCE": "from-env"])
        #expect(providers["zen"]?.apiKey?.value == "from-env")
    }

    @Test func aFailingKeyCommandShowsItsErrorButNeverItsOutput() throws {
        let config = try configuration("""
            [providers.zen]
            preset = "zenmux"
            api_key_command = "echo sk-leakedleakedleaked; echo 'pass: zen is not in the password store.' >&2; exit 1"
            """)
        do {
            _ = try config.providers(environment: [:])
            Issue.record("expected an error")
        } catch {
            let text = "\(error)"
            #expect(text.hasPrefix("provider 'zen': api_key_command \"echo <redacted> echo 'pass: zen is not in the password store.' >&2; exit 1\""))
            #expect(text.hasSuffix("failed with exit status 1: pass: zen is not in the password store."))
            #expect(!text.contains("leaked"))
        }
    }

    @Test func aKeyCommandThatPrintsNothingOrHangsFails() throws {
        let silent = try configuration("[providers.z]\npreset = \"zenmux\"\napi_key_command = \"true\"\n")
        #expect(throws: ProviderKeyError(provider: "z", message: "api_key_command \"true\" printed nothing (it should print the key on standard output)")) {
            try silent.providers(environment: [:])
        }
        #expect(throws: KeyCommandRunner.Failure.timedOut(seconds: 0.3)) {
            try KeyCommandRunner.run("sleep 5; echo late", environment: [:], timeout: .milliseconds(300))
        }
    }
}
