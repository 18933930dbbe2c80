import Foundation
import ParleyModel
@testable import ParleyUI

let fast = ModelRef(provider: "demo", model: "fast")
let slow = ModelRef(provider: "demo", model: "slow")
let claude = ModelRef(provider: "openrouter", model: "anthropic/claude-sonnet-4.6")
let gpt = ModelRef(provider: "openrouter", model: "openai/gpt-4o-mini")
let gemma = ModelRef(provider: "openrouter", model: "google/gemma-3-27b-it")

let catalogue: [ModelRef: ModelInfo] = [
    fast: ModelInfo(id: "fast", contextLength: 8192, promptPricePerMillion: 0.1, completionPricePerMillion: 0.2),
    slow: ModelInfo(id: "slow", contextLength: 4096),
    claude: ModelInfo(id: "anthropic/claude-sonnet-4.6", contextLength: 200_000, promptPricePerMillion: 3,
                      completionPricePerMillion: 15),
    gpt: ModelInfo(id: "openai/gpt-4o-mini", contextLength: 128_000, promptPricePerMillion: 0.15,
                   completionPricePerMillion: 0.6),
    gemma: ModelInfo(id: "google/gemma-3-27b-it", contextLength: 131_072, promptPricePerMillion: 0,
                     completionPricePerMillion: 0),
]

let seed = UUID(uuidString: "00000000-0000-0000-0000-000000000000")!
let epoch = Date(timeIntervalSince1970: 1_780_000_000)   // fixed, so log lines are stable

func makeState(width: Int = 60, height: Int = 16, theme: Theme = .monochrome, welcome: String = "Welcome to Parley.")
    -> AppState
{
    AppState(model: fast, favourites: [fast, slow, claude], catalogue: catalogue, theme: theme, welcome: welcome,
             width: width, height: height, timeZone: .utc, idSeed: seed)
}

extension AppState {
    /// Types text key by key, as the terminal would deliver it.
    @discardableResult
    mutating func type(_ text: String) -> [Command] {
        var commands: [Command] = []
        for c in text { commands += reduce(&self, .input(.key(.character(c)))) }
        return commands
    }

    @discardableResult
    mutating func press(_ keys: Key...) -> [Command] {
        keys.flatMap { reduce(&self, .input(.key($0))) }
    }

    /// Types a message and presses Enter; returns the request id of the `.send` it produced.
    mutating func send(_ text: String) -> RequestID? {
        type(text)
        for command in press(.enter) {
            switch command {
            case .send(let request, _, _, _, _), .compare(let request, _, _, _): return request
            default: continue
            }
        }
        return nil
    }

    mutating func engine(_ request: RequestID, lane: Int = 0, _ kind: EngineEvent.Kind) {
        _ = reduce(&self, .engine(EngineEvent(request: request, lane: lane, time: epoch, kind: kind)))
    }

    /// A whole successful answer: attempt, first token, the text in pieces, finished.
    mutating func answer(_ request: RequestID, model: ModelRef = fast, _ pieces: [String], lane: Int = 0,
                         estimated: Bool = false, cost: Double? = 0.00012) {
        engine(request, lane: lane, .attemptStarted(model: model, attempt: 1))
        engine(request, lane: lane, .firstToken(model: model, latency: .milliseconds(400)))
        for piece in pieces { engine(request, lane: lane, .textDelta(model: model, text: piece)) }
        engine(request, lane: lane, .finished(.init(model: model, text: pieces.joined(),
                                                    usage: Usage(promptTokens: 12, completionTokens: 34),
                                                    usageEstimated: estimated, cost: cost,
                                                    timeToFirstToken: .milliseconds(400), duration: .milliseconds(2100))))
    }
}

extension Canvas {
    /// Rows with trailing spaces removed, for readable snapshots.
    var trimmedRows: [String] {
        rows.map { row in String(row.reversed().drop { $0 == " " }.reversed()) }
    }

    /// Whether any cell holds a raw control character (it never may).
    var hasRawControlCharacter: Bool {
        cells.contains { VisibleText.isControl($0.character) }
    }
}

struct NoSend: Error {}

extension AppState {
    /// `send`, failing the test when no request started.
    mutating func sent(_ text: String) throws -> RequestID {
        guard let request = send(text) else { throw NoSend() }
        return request
    }
}
