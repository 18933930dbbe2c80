import Foundation
import ParleySim
import Testing
@testable import ParleyGateway

/// What Ollama's `/api/show` and `/api/ps` and llama.cpp's `/props` say of a model's window,
/// read as hostile input, and the lookup against the simulator's imitations of those servers.
@Suite("Local servers' context windows")
struct LocalModelFactsTests {
    private func show(_ json: String) -> LocalModelFactsDecoder.OllamaShow? {
        LocalModelFactsDecoder.ollamaShow(Data(json.utf8))
    }

    private func parameters(_ value: String) -> Int? {
        LocalModelFactsDecoder.numCtx(inParameters: "stop                           \"<|eot_id|>\"\nnum_ctx                        \(value)\ntemperature 0.7")
    }

    @Test func numCtxIsReadFromTheParametersTextAndOnlyAsAPlainCount() {
        #expect(parameters("8192") == 8192)
        #expect(parameters("\"2048\"") == 2048)
        for hostile in ["-1", "0", "8192.5", "1e300", "lots", "99999999999999999999", "", "0x2000", "8192 tokens"] {
            #expect(parameters(hostile) == nil, "num_ctx \(hostile)")
        }
        #expect(LocalModelFactsDecoder.numCtx(inParameters: "temperature 0.7") == nil)
        #expect(LocalModelFactsDecoder.numCtx(inParameters: "num_ctx 1024\nnum_ctx 4096") == 4096, "the last one wins")
        #expect(LocalModelFactsDecoder.numCtx(inParameters: "num_ctx_extra 1024") == nil)
    }

    @Test func showReadsTheTrainedLengthOfItsArchitectureAndTheCapabilities() throws {
        let full = try #require(show("""
            {"parameters":"num_ctx                        8192","model_info":{"general.architecture":"llama",
             "llama.context_length":131072,"llama.embedding_length":3072},"capabilities":["completion","Vision"]}
            """))
        #expect(full == .init(numCtx: 8192, trainedLength: 131_072, capabilities: ["completion", "vision"]))
        // Without the architecture, the one `.context_length` key there is.
        #expect(show(#"{"model_info":{"gemma3.context_length":8192}}"#)?.trainedLength == 8192)
        #expect(show(#"{"model_info":{"a.context_length":8192,"b.context_length":4096}}"#)?.trainedLength == nil)
        for hostile in ["-5", "1e300", "4096.5", "\"4096x\"", "null", "[1]"] {
            let body = #"{"model_info":{"general.architecture":"llama","llama.context_length":"# + hostile + "}}"
            #expect(show(body)?.trainedLength == nil, "context_length \(hostile)")
        }
        #expect(show(#"{"parameters":12,"capabilities":"vision"}"#) == .init(numCtx: nil, trainedLength: nil, capabilities: []))
        #expect(show("not json") == nil)
        #expect(show("[1,2]") == nil)
    }

    @Test func psGivesTheLoadedWindowOfTheModelAskedFor() {
        let body = Data("""
            {"models":[{"name":"qwen2.5:0.5b","model":"qwen2.5:0.5b","context_length":2048},
                       {"name":"llama3.2:latest","model":"llama3.2:latest","context_length":8192}]}
            """.utf8)
        #expect(LocalModelFactsDecoder.ollamaLoadedWindow(body, model: "llama3.2") == 8192, "the :latest tag is implied")
        #expect(LocalModelFactsDecoder.ollamaLoadedWindow(body, model: "qwen2.5:0.5b") == 2048)
        #expect(LocalModelFactsDecoder.ollamaLoadedWindow(body, model: "qwen2.5") == nil, "another tag is another model")
        #expect(LocalModelFactsDecoder.ollamaLoadedWindow(body, model: "mistral") == nil)
        for hostile in ["-1", "0", "2048.5", "1e300", "\"2048\"", "null"] {
            let entry = Data((#"{"models":[{"name":"m:latest","context_length":"# + hostile + "}]}").utf8)
            #expect(LocalModelFactsDecoder.ollamaLoadedWindow(entry, model: "m") == nil, "context_length \(hostile)")
        }
        #expect(LocalModelFactsDecoder.ollamaLoadedWindow(Data(#"{"models":[{"name":"m"}]}"#.utf8), model: "m") == nil,
                "an old Ollama without context_length")
        #expect(LocalModelFactsDecoder.ollamaName("registry.local:5000/team/model") == "registry.local:5000/team/model:latest")
    }

    @Test func theWindowIsTheLoadedOneThenNumCtxThenTheDefaultCappedByTheTrainedLength() {
        let show = LocalModelFactsDecoder.OllamaShow(numCtx: 8192, trainedLength: 131_072, capabilities: ["completion"])
        #expect(LocalModelFactsDecoder.ollamaFacts(show: show, loadedWindow: 16_384)
                == LocalModelFacts(server: .ollama, contextWindow: 16_384, windowSource: .loaded, trainedLength: 131_072, acceptsImages: false))
        #expect(LocalModelFactsDecoder.ollamaFacts(show: show, loadedWindow: nil)?.contextWindow == 8192)
        #expect(LocalModelFactsDecoder.ollamaFacts(show: show, loadedWindow: nil)?.windowSource == .modelfile)
        let bare = LocalModelFactsDecoder.OllamaShow(numCtx: nil, trainedLength: 131_072, capabilities: [])
        #expect(LocalModelFactsDecoder.ollamaFacts(show: bare, loadedWindow: nil)
                == LocalModelFacts(server: .ollama, contextWindow: 4096, windowSource: .serverDefault, trainedLength: 131_072))
        let short = LocalModelFactsDecoder.OllamaShow(numCtx: nil, trainedLength: 2048, capabilities: ["vision"])
        #expect(LocalModelFactsDecoder.ollamaFacts(show: short, loadedWindow: nil)?.contextWindow == 2048)
        #expect(LocalModelFactsDecoder.ollamaFacts(show: short, loadedWindow: nil)?.acceptsImages == true)
        #expect(LocalModelFactsDecoder.ollamaFacts(show: nil, loadedWindow: nil) == nil, "nothing answered: nothing guessed")
    }

    @Test func propsGivesTheSlotWindowAndVision() {
        let props = LocalModelFactsDecoder.llamaCppProps(Data(#"{"default_generation_settings":{"n_ctx":65536},"modalities":{"vision":true}}"#.utf8))
        #expect(props?.window == 65_536 && props?.vision == true)
        for hostile in ["-1", "0", "1.5", "1e300", "\"4096\""] {
            let body = Data((#"{"default_generation_settings":{"n_ctx":"# + hostile + "}}").utf8)
            #expect(LocalModelFactsDecoder.llamaCppProps(body)?.window == nil, "n_ctx \(hostile)")
        }
        #expect(LocalModelFactsDecoder.llamaCppProps(Data("<html>".utf8)) == nil)
    }

    @Test func theNativeRootIsTheBaseWithoutItsV1Segment() {
        #expect(EndpointURL.nativeRoot(of: "http://127.0.0.1:11434/v1") == "http://127.0.0.1:11434")
        #expect(EndpointURL.nativeRoot(of: "http://127.0.0.1:11434/v1/") == "http://127.0.0.1:11434")
        #expect(EndpointURL.nativeRoot(of: "https://box.lan/ollama/v1") == "https://box.lan/ollama")
        #expect(EndpointURL.nativeRoot(of: "http://127.0.0.1:11434") == "http://127.0.0.1:11434")
        #expect(EndpointURL.nativeRoot(of: "http://v1") == "http://v1", "a host named v1 is not a path")
        #expect(EndpointURL.nativeRoot(of: "http://host/v10") == "http://host/v10")
        #expect(EndpointURL.nativeRoot(of: "http://host/v1?x=1") == nil)
        #expect(EndpointURL.nativeRoot(of: "ftp://host/v1") == nil)
        #expect(EndpointURL.nativeRoot(of: "http://host:99999/v1") == nil)
    }

    @Test func llamaCppsTrainedLengthIsLabelledAndImageInputIsRead() throws {
        let body = Data("""
            {"object":"list","data":[{"id":"qwen.gguf","object":"model","owned_by":"llamacpp","meta":{"n_ctx_train":32768}},
             {"id":"or/vision","context_length":128000,"architecture":{"input_modalities":["text","image"]}},
             {"id":"or/text","context_length":8000,"architecture":{"input_modalities":["text"]}},
             {"id":"litellm-vision","supports_vision":true},{"id":"plain"}]}
            """.utf8)
        let models = try CatalogueDecoder.decode(body, sanitizer: TextSanitizer())
        #expect(models[0].contextLength == 32_768 && models[0].contextLengthIsTrained)
        #expect(models[1].contextLength == 128_000 && !models[1].contextLengthIsTrained && models[1].acceptsImages == true)
        #expect(models[2].acceptsImages == false)
        #expect(models[3].acceptsImages == true)
        #expect(models[4].acceptsImages == nil && !models[4].contextLengthIsTrained)
    }

    // MARK: Against the simulator

    private func provider(_ sim: SimServer, _ platform: String, preset: Provider.Preset) -> Provider {
        Provider(name: platform, preset: preset, baseURL: String(sim.baseURL.dropLast(3)) + "/platform/\(platform)/v1")
    }

    @Test func ollamasWindowComesFromShowUntilTheModelIsLoadedThenFromPs() async throws {
        let sim = try await SimServer.start()
        let client = GatewayClient()
        let ollama = provider(sim, "ollama", preset: .ollama)
        let before = await client.localModelFacts(model: "echo@ctx=512", provider: ollama)
        #expect(before == LocalModelFacts(server: .ollama, contextWindow: 512, windowSource: .modelfile,
                                          trainedLength: 8192, acceptsImages: false))
        let unset = await client.localModelFacts(model: "fast", provider: ollama)
        #expect(unset?.contextWindow == 4096 && unset?.windowSource == .serverDefault && unset?.trainedLength == 128_000)

        _ = try await client.complete(ChatRequest(model: "echo@ctx=512,loaded=1024", messages: [ChatMessage(role: .user, content: "hi")]),
                                      provider: ollama)
        let loaded = await client.localModelFacts(model: "echo@ctx=512,loaded=1024", provider: ollama)
        #expect(loaded?.contextWindow == 1024 && loaded?.windowSource == .loaded)
        #expect(await client.localModelFacts(model: "no-such-model", provider: ollama) == nil)
        let stats = await sim.stats()
        #expect(stats["echo@ctx=512"].showRequests == 1 && stats.nativeRequests["/api/ps"] == 4)
        try await client.shutdown()
        try await sim.shutdown()
    }

    @Test func llamaCppsWindowIsPropsNCtxAndOtherServersSayNothing() async throws {
        let sim = try await SimServer.start()
        let client = GatewayClient()
        let llama = provider(sim, "llamacpp", preset: .llamacpp)
        #expect(await client.localModelFacts(model: "echo", provider: llama)
                == LocalModelFacts(server: .llamaCpp, contextWindow: 4096, windowSource: .serverSetting, acceptsImages: false))
        let listed = try await client.listModels(provider: llama).first { $0.id == "echo" }
        #expect(listed?.contextLength == 8192 && listed?.contextLengthIsTrained == true)
        // A server that is not what its preset says answers 404 to the native paths: no facts.
        let impostor = Provider(name: "o", preset: .ollama, baseURL: sim.baseURL)
        #expect(await client.localModelFacts(model: "echo", provider: impostor) == nil)
        #expect(await client.localModelFacts(model: "echo", provider: Provider(name: "c", preset: .custom, baseURL: sim.baseURL)) == nil)
        // Nothing listens: nil, quickly.
        let gone = Provider(name: "g", preset: .ollama, baseURL: "http://127.0.0.1:1/v1")
        #expect(await client.localModelFacts(model: "echo", provider: gone, timeout: .seconds(2)) == nil)
        try await client.shutdown()
        try await sim.shutdown()
    }
}
