/// What a local server says about one model as it runs it, beyond its `/models` entry: the
/// context window it really uses and whether it takes images. Ollama's `/v1` ignores `num_ctx`
/// and cuts a longer conversation silently, so the window the context guard checks against is
/// this one, not the length the model was trained with.
public struct LocalModelFacts: Sendable, Hashable {
    /// The server that said so.
    public enum Server: String, Sendable, Hashable {
        case ollama
        case llamaCpp = "llama.cpp"
    }

    /// Where the window came from, strongest first.
    public enum WindowSource: String, Sendable, Hashable {
        /// Ollama's `GET /api/ps`: the window of the model as loaded right now.
        case loaded
        /// Ollama's `POST /api/show`: `num_ctx` among the Modelfile's parameters.
        case modelfile
        /// Neither said: Ollama's default of 4096 tokens (less when the model was trained
        /// shorter). `OLLAMA_CONTEXT_LENGTH` or a large GPU can raise it; only a loaded model
        /// tells for sure.
        case serverDefault
        /// llama.cpp's `GET /props`: `default_generation_settings.n_ctx`, the window of a slot.
        case serverSetting
    }

    /// Ollama's window for a model whose Modelfile sets no `num_ctx`, on most machines.
    public static let ollamaDefaultWindow = 4096

    public var server: Server
    /// Tokens the server keeps of a conversation; nil when it did not say.
    public var contextWindow: Int?
    public var windowSource: WindowSource?
    /// The length the model was trained with (an upper bound of any window), when known.
    public var trainedLength: Int?
    /// Whether the model takes images (Ollama's `vision` capability, llama.cpp's
    /// `modalities.vision`); nil when the server did not say.
    public var acceptsImages: Bool?

    public init(server: Server, contextWindow: Int? = nil, windowSource: WindowSource? = nil,
                trainedLength: Int? = nil, acceptsImages: Bool? = nil) {
        self.server = server
        self.contextWindow = contextWindow
        self.windowSource = windowSource
        self.trainedLength = trainedLength
        self.acceptsImages = acceptsImages
    }

    /// Whether a conversation over the window is cut without a word (Ollama) rather than
    /// refused with an error (llama.cpp answers 400 "exceeds the available context size").
    public var truncatesSilently: Bool { server == .ollama }

    /// Where the window comes from, in a few words for a notice: "num_ctx in its Modelfile".
    public var windowOrigin: String {
        switch windowSource {
        case .loaded?: return "as loaded now"
        case .modelfile?: return "num_ctx in its Modelfile"
        case .serverDefault?: return "Ollama's default; OLLAMA_CONTEXT_LENGTH may raise it"
        case .serverSetting?: return "the server's n_ctx"
        case nil: return "as the server says"
        }
    }
}
