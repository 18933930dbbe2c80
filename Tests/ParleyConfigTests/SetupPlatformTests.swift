import Foundation
import ParleyGateway
import Testing
@testable import ParleyConfig

/// `parley setup` for the cloud platforms: it asks for their coordinates and models, and `none`
/// means no key for any provider.
@Suite struct SetupPlatformTests {
    private func temporaryPath() -> String {
        NSTemporaryDirectory() + "parley-setup-\(UUID().uuidString)/config.toml"
    }

    @Test func noneMeansNoKeyAndNothingToExport() throws {
        let path = temporaryPath()
        let io = PipeIO(answers: "custom\nmine\nhttps://llm.example.com/v1\nnone\nmine:small\n")
        let configuration = try SetupWizard(io: io, path: path, environment: [:], force: false, scan: FirstRunScan()).run()
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!written.contains("api_key_env"), "\(written)")
        #expect(!io.output.contains("export none"), "\(io.output)")
        #expect(configuration.provider(named: "mine")?.keySource == KeySource.none)
    }

    @Test func theThreeCoordinatePlatformsAreAskedForTheirCoordinatesAndModels() throws {
        let path = temporaryPath()
        let answers = [
            "azure, bedrock, vertex",
            "my-resource", "gpt-4o-prod, mini", "AZURE_OPENAI_API_KEY",
            "eu-west-1", "mantle", "openai.gpt-oss-120b", "",
            "my-project", "global", "", "",
            "",
        ].joined(separator: "\n") + "\n"
        let io = PipeIO(answers: answers)
        let configuration = try SetupWizard(io: io, path: path, environment: [:], force: false, scan: FirstRunScan()).run()
        let azure = try #require(configuration.provider(named: "azure"))
        #expect(azure.baseURL == "https://my-resource.openai.azure.com/openai/v1")
        #expect(azure.allowedModels == ["gpt-4o-prod", "mini"])
        let bedrock = try #require(configuration.provider(named: "bedrock"))
        #expect(bedrock.baseURL == "https://bedrock-mantle.eu-west-1.api.aws/v1")
        #expect(bedrock.keySource == .environment(variable: "AWS_BEARER_TOKEN_BEDROCK", isPresetDefault: false))
        let vertex = try #require(configuration.provider(named: "vertex"))
        #expect(vertex.baseURL == "https://aiplatform.googleapis.com/v1/projects/my-project/locations/global/endpoints/openapi")
        #expect(vertex.keySource == .command("gcloud auth print-access-token"))
        #expect(vertex.allowedModels == ["google/gemini-2.5-flash"])
        #expect(configuration.defaultModel == ModelRef(provider: "azure", model: "gpt-4o-prod"))
    }

    @Test func aCoordinateThatIsNotAPlainNameIsAskedAgain() throws {
        let path = temporaryPath()
        let io = PipeIO(answers: "azure\nevil.example.com/x\ngood\n\n\n\n")
        let configuration = try SetupWizard(io: io, path: path, environment: [:], force: false, scan: FirstRunScan()).run()
        #expect(io.output.contains("expected a plain name"))
        #expect(configuration.provider(named: "azure")?.baseURL == "https://good.openai.azure.com/openai/v1")
    }
}
