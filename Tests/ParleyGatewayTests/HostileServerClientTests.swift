import Foundation
import ParleySim
import Testing
@testable import ParleyGateway

/// The client against the simulator's hostile models over loopback: every attack ends in a
/// clear `GatewayError`, never in unbounded memory or a raw escape. Serialized: decoding several
/// MB byte by byte (a debug build) holds a thread of the cooperative pool for seconds, and run in
/// parallel these tests would starve the other suites' timing-sensitive tests.
@Suite("Gateway client against hostile servers", .serialized)
struct HostileServerClientTests {
    private func withSim(path: String = "", _ body: (GatewayClient, Provider) async throws -> Void) async throws {
        let sim = try await SimServer.start()
        let client = GatewayClient()
        let base = path.isEmpty ? sim.baseURL : sim.baseURL.replacingOccurrences(of: "/v1", with: path + "/v1")
        let provider = Provider(name: "demo", preset: .demo, baseURL: base)
        do {
            try await body(client, provider)
        } catch {
            try await client.shutdown()
            try await sim.shutdown()
            throw error
        }
        try await client.shutdown()
        try await sim.shutdown()
    }

    private func request(_ model: String) -> ChatRequest {
        ChatRequest(model: model, messages: [ChatMessage(role: .user, content: "hi")])
    }

    private func stream(_ model: String, _ client: GatewayClient, _ provider: Provider) async
        -> (text: Int, served: [String], error: GatewayError?)
    {
        var text = 0
        var served: [String] = []
        do {
            for try await event in client.streamChat(request(model), provider: provider) {
                if case .text(let t) = event { text += t.utf8.count }
                if case .servedBy(let id) = event { served.append(id) }
            }
            return (text, served, nil)
        } catch {
            return (text, served, error as? GatewayError)
        }
    }

    @Test(arguments: ["endless-line@mb=50", "endless-data@mb=50"])
    func anEndlessEventFailsAsTooLarge(model: String) async throws {
        try await withSim { client, provider in
            let result = await stream(model, client, provider)
            guard case .tooLarge(let message)? = result.error else { Issue.record("\(String(describing: result.error))"); return }
            #expect(message.hasPrefix("event too large"))
        }
    }

    @Test func aGzipBombFailsAsTooLarge() async throws {
        try await withSim { client, provider in
            let result = await stream("gzip-bomb", client, provider)
            #expect(result.error == .tooLarge(message: "response too large: the compressed body inflates more than 100-fold"))
        }
    }

    @Test func aHugeErrorBodyKeepsTheStatus() async throws {
        try await withSim { client, provider in
            do {
                _ = try await client.complete(request("huge-error@mb=80"), provider: provider)
                Issue.record("no error")
            } catch let error as GatewayError {
                #expect(error.status == 502)
                #expect(error.summary == "502 server error: the server answered with an HTML page")
            }
        }
    }

    @Test func redirectsAreFollowedOnlyWithinTheOrigin() async throws {
        try await withSim { client, provider in
            let away = await stream("redirect-away", client, provider)
            guard case .redirected(307, let location)? = away.error else { Issue.record("\(String(describing: away.error))"); return }
            let port = try #require(URL(string: provider.baseURL)?.port)
            #expect(location == "http://127.0.0.1:\(port + 1)/v1/chat/completions")
            #expect(away.error?.summary == "307 redirected to \(location); set base_url to it")

            let same = await stream("redirect-same", client, provider)
            #expect(same.error == nil)
            #expect(same.text > 0)
            let whole = try await client.complete(request("redirect-same"), provider: provider)
            #expect(!whole.text.isEmpty)
        }
    }

    @Test func anHTMLPageIsNotAnEventStream() async throws {
        try await withSim { client, provider in
            let result = await stream("html", client, provider)
            #expect(result.error == .malformedStream(
                message: "the server answered with an HTML page, not an event stream — is base_url right?"))
        }
    }

    @Test func servedIdsAndListedNamesArriveClean() async throws {
        try await withSim(path: "/hostile") { client, provider in
            let result = await stream("escape-id", client, provider)
            #expect(result.error == nil)
            #expect(result.served == ["sim/escape^[]0;pwned^G^[]52;c;ZWNobyBoYWNrZWQ=^G<U+009B>31m<U+202E>evil<U+200B>^G-id"])
            let models = try await client.listModels(provider: provider)
            let listed = try #require(models.first { $0.id.hasPrefix("sim/listed") })
            #expect(listed.id == "sim/listed^[]0;pwned^G^[]52;c;ZWNobyBoYWNrZWQ=^G<U+009B>31m<U+202E>evil<U+200B>^G")
            #expect(listed.name?.hasPrefix("Listed ^[]0;pwned") == true)
            #expect(!models.contains { ($0.id + ($0.name ?? "")).unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B } })
        }
    }
}
