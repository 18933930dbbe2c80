import Foundation
import ParleyGateway
import Testing
@testable import ParleyConfig

/// The cloud platforms' presets: URLs derived from coordinates, and what the reader refuses.
@Suite struct PlatformPresetTests {
    private func parse(_ text: String) throws -> ParleyConfiguration {
        try ParleyConfiguration.parse(text, file: "config.toml")
    }

    private func configError(_ text: String) -> ConfigError? {
        do { _ = try parse(text); return nil } catch let error as ConfigError { return error } catch { return nil }
    }

    @Test func azureDerivesItsURLFromTheResource() throws {
        let config = try parse("[providers.azure]\npreset = \"azure\"\nresource = \"my-resource\"\n")
        let azure = try #require(config.provider(named: "azure"))
        #expect(azure.baseURL == "https://my-resource.openai.azure.com/openai/v1")
        #expect(azure.keySource == .environment(variable: "AZURE_OPENAI_API_KEY", isPresetDefault: true))
    }

    @Test func bedrockDerivesRuntimeAndMantleURLsFromTheRegion() throws {
        let runtime = try parse("[providers.bedrock]\npreset = \"bedrock\"\nregion = \"us-east-1\"\n")
        #expect(runtime.provider(named: "bedrock")?.baseURL == "https://bedrock-runtime.us-east-1.amazonaws.com/openai/v1")
        let mantle = try parse("[providers.bedrock]\npreset = \"bedrock\"\nregion = \"eu-west-1\"\nendpoint = \"mantle\"\n")
        #expect(mantle.provider(named: "bedrock")?.baseURL == "https://bedrock-mantle.eu-west-1.api.aws/v1")
    }

    @Test func vertexDerivesRegionalAndGlobalURLs() throws {
        let regional = try parse("[providers.vertex]\npreset = \"vertex\"\nproject = \"my-project\"\nlocation = \"us-central1\"\napi_key_command = \"gcloud auth print-access-token\"\n")
        #expect(regional.provider(named: "vertex")?.baseURL
                == "https://us-central1-aiplatform.googleapis.com/v1/projects/my-project/locations/us-central1/endpoints/openapi")
        let global = try parse("[providers.vertex]\npreset = \"vertex\"\nproject = \"p1\"\nlocation = \"global\"\n")
        #expect(global.provider(named: "vertex")?.baseURL
                == "https://aiplatform.googleapis.com/v1/projects/p1/locations/global/endpoints/openapi")
    }

    @Test func geminiAndAnthropicHaveFixedURLsAndKeyVariables() throws {
        let config = try parse("[providers.gemini]\npreset = \"gemini\"\n[providers.anthropic]\npreset = \"anthropic\"\n")
        #expect(config.provider(named: "gemini")?.baseURL == "https://generativelanguage.googleapis.com/v1beta/openai")
        #expect(config.provider(named: "gemini")?.keySource == .environment(variable: "GEMINI_API_KEY", isPresetDefault: true))
        #expect(config.provider(named: "anthropic")?.baseURL == "https://api.anthropic.com/v1")
        #expect(config.provider(named: "anthropic")?.keySource == .environment(variable: "ANTHROPIC_API_KEY", isPresetDefault: true))
    }

    @Test func baseURLOverridesWhatThePresetDerives() throws {
        let config = try parse("[providers.azure]\npreset = \"azure\"\nbase_url = \"http://127.0.0.1:9000/openai/v1\"\n")
        #expect(config.provider(named: "azure")?.baseURL == "http://127.0.0.1:9000/openai/v1")
    }

    @Test func aMissingCoordinateIsNamedWithItsLine() throws {
        let error = try #require(configError("# platforms\n[providers.vertex]\npreset = \"vertex\"\nproject = \"p\"\n"))
        #expect(error.line == 2)
        #expect(error.key == "providers.vertex")
        #expect(error.message.contains("needs location"))
        let azure = try #require(configError("[providers.az]\npreset = \"azure\"\n"))
        #expect(azure.message.contains("needs resource"))
        let bedrock = try #require(configError("[providers.b]\npreset = \"bedrock\"\n"))
        #expect(bedrock.message.contains("needs region"))
    }

    @Test func aCoordinateMustBeAPlainNameAndBelongToThePreset() throws {
        let hostile = try #require(configError("[providers.az]\npreset = \"azure\"\nresource = \"evil.com/x\"\n"))
        #expect(hostile.key == "providers.az.resource")
        #expect(hostile.line == 3)
        let misplaced = try #require(configError("[providers.g]\npreset = \"gemini\"\nregion = \"us-east-1\"\n"))
        #expect(misplaced.message.contains("preset = \"bedrock\""))
        let endpoint = try #require(configError("[providers.b]\npreset = \"bedrock\"\nregion = \"us-east-1\"\nendpoint = \"other\"\n"))
        #expect(endpoint.key == "providers.b.endpoint")
    }

    @Test func keysInABaseURLAreRefusedWithoutEchoingThem() throws {
        let userinfo = try #require(configError("[providers.x]\nbase_url = \"https://me:sk-secret123456@example.com/v1\"\n"))
        #expect(userinfo.key == "providers.x.base_url")
        #expect(!userinfo.description.contains("sk-secret123456"))
        let query = try #require(configError("[providers.x]\nbase_url = \"https://example.com/v1?key=AIzaSyD3x4mpl3KeyValue00000000\"\n"))
        #expect(!query.description.contains("AIzaSy"))
        // An ordinary query parameter is fine (Azure's legacy api-version).
        #expect(configError("[providers.x]\nbase_url = \"https://r.openai.azure.com/openai?api-version=2024-10-21\"\n") == nil)
    }

    @Test func configShowPrintsTheCoordinatesAndTheDerivedURL() throws {
        let config = try parse("[providers.bedrock]\npreset = \"bedrock\"\nregion = \"us-west-2\"\n")
        let shown = config.renderTOML(environment: [:])
        #expect(shown.contains("region = \"us-west-2\""))
        #expect(shown.contains("base_url = \"https://bedrock-runtime.us-west-2.amazonaws.com/openai/v1\"  # derived by the preset"))
    }

    @Test func bedrockModelIdsKeepTheirColons() throws {
        let config = try parse("default_model = \"bedrock:openai.gpt-oss-20b-1:0\"\n[providers.bedrock]\npreset = \"bedrock\"\nregion = \"us-east-1\"\n")
        #expect(config.defaultModel == ModelRef(provider: "bedrock", model: "openai.gpt-oss-20b-1:0"))
    }
}

/// `api_key_command`: the key is the first line of its output, and never anything odd.
@Suite struct KeyCommandOutputTests {
    @Test func theKeyIsTheFirstLineOnly() throws {
        let key = try KeyCommandRunner.run("printf 'sk-first\\nURL: example.com\\nlogin: ana\\n'", environment: [:])
        #expect(key == "sk-first")
    }

    @Test func aKeyWithControlCharactersIsRefusedWithoutShowingIt() throws {
        let settings = ProviderSettings(name: "vault", preset: .custom, baseURL: "https://example.com/v1",
                                        keySource: .command("printf 'sk-\\033[31m%s\\n' \"$(echo ABC | tr A-C X-Z)\""))
        do {
            _ = try settings.resolve(environment: [:])
            Issue.record("a key with an escape sequence was accepted")
        } catch let error as ProviderKeyError {
            #expect(error.description.contains("provider 'vault'"))
            #expect(error.description.contains("control characters"))
            #expect(!error.description.contains("XYZ"))
        }
    }
}
