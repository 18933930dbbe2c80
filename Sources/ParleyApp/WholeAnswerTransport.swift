public import ParleyEngine
public import ParleyGateway

/// `--no-stream`: each attempt asks for the whole answer at once (`stream: false` on the wire)
/// and hands it to the Conductor as a one-piece stream, so fallback and the ledger work the same.
public struct WholeAnswerTransport: ChatTransport {
    public let client: GatewayClient

    public func streamChat(_ request: ChatRequest, provider: Provider,
                    timeouts: Timeouts) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let completion = try await client.complete(request, provider: provider, timeouts: timeouts)
                    continuation.yield(.opened)
                    if let model = completion.servedBy { continuation.yield(.servedBy(model)) }
                    if !completion.text.isEmpty { continuation.yield(.text(completion.text)) }
                    if let usage = completion.usage { continuation.yield(.usage(usage)) }
                    continuation.yield(.finished(reason: completion.finishReason))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
