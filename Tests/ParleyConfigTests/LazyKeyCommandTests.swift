import Foundation
import ParleyGateway
import Testing
@testable import ParleyConfig

/// `api_key_command` runs when a request first needs the key, not when Parley starts.
@Suite struct LazyKeyCommandTests {
    private func settings(_ command: String) throws -> ProviderSettings {
        let config = try ParleyConfiguration.parse("""
            [providers.vertex]
            preset = "vertex"
            project = "p"
            location = "us-central1"
            api_key_command = \(TOMLWriter.quoted(command))
            """, file: "config.toml")
        return try #require(config.provider(named: "vertex"))
    }

    @Test func resolvingDoesNotRunTheCommandFetchingDoesAndTheTokenIsCached() async throws {
        let marker = NSTemporaryDirectory() + "parley-lazy-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: marker) }
        let provider = try settings("echo run >> \(marker); echo tok-$$").resolveLazily(environment: ["PATH": "/usr/bin:/bin"])
        #expect(provider.apiKey == nil)
        #expect(!FileManager.default.fileExists(atPath: marker), "the command ran at start-up")
        let key = try #require(provider.lazyKey)
        let first = try await key.current()
        #expect(first.value.hasPrefix("tok-"))
        #expect(try await key.current() == first)
        #expect(try String(contentsOfFile: marker, encoding: .utf8) == "run\n", "one run for the session")
    }

    @Test func aFailingCommandIsACredentialsErrorWithoutItsOutput() async throws {
        // The token comes from the environment, so only the command's output could carry it.
        let provider = try settings("echo \"$TOKEN_SOURCE\"; echo 'gcloud: not logged in' >&2; exit 1")
            .resolveLazily(environment: ["PATH": "/usr/bin:/bin", "TOKEN_SOURCE": "ya29.leakedleakedleaked"])
        do {
            _ = try await provider.lazyKey?.current()
            Issue.record("expected an error")
        } catch let error as GatewayError {
            guard case .credentials(let message) = error else { Issue.record("\(error)"); return }
            #expect(message.contains("provider 'vertex'"))
            #expect(message.hasSuffix("failed with exit status 1: gcloud: not logged in"), "\(message)")
            #expect(!message.contains("leaked"))
        }
    }

    @Test func keysFromTheEnvironmentAreStillReadAtOnce() throws {
        let config = try ParleyConfiguration.parse("[providers.g]\npreset = \"gemini\"\n", file: "config.toml")
        let provider = try #require(config.provider(named: "g")).resolveLazily(environment: ["GEMINI_API_KEY": "g-key"])
        #expect(provider.apiKey?.value == "g-key")
        #expect(provider.lazyKey == nil)
    }
}
