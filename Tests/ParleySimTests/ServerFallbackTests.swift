import Foundation
import ParleySim
import Testing

/// The simulator's `models: [...]`, as OpenRouter's server-side fallback: the first model that
/// does not fail serves, and the response says which one did.
@Suite("Server-side fallback", .timeLimit(.minutes(1)))
struct ServerFallbackTests {
    @Test func firstWorkingModelServesAndIsNamed() async throws {
        try await withServer { server in
            var body = SimClient.chatBody(model: "overloaded", prompt: "hi")
            body["models"] = ["broken", "echo", "fast"]
            let response = try await SimClient.post(server, json: body)
            #expect(response.status == 200)
            #expect(response.contentPieces.joined() == "hi")
            #expect(Set(response.chunks.compactMap { $0["model"] as? String }) == ["echo"])
        }
    }

    @Test func everyModelFailingGivesTheLastError() async throws {
        try await withServer { server in
            var body = SimClient.chatBody(model: "overloaded")
            body["models"] = ["unauthorized"]
            let response = try await SimClient.post(server, json: body)
            #expect(response.status == 401)
        }
    }

    @Test func withoutModelsOnlyTheModelIsTried() async throws {
        try await withServer { server in
            let response = try await SimClient.post(server, json: SimClient.chatBody(model: "overloaded"))
            #expect(response.status == 503)
        }
    }
}
