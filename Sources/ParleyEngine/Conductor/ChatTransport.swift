public import ParleyGateway

/// The one thing the Conductor needs from the network: stream one attempt of a chat request.
/// `GatewayClient` is the real one; tests script their own so fault sequences need no HTTP.
public protocol ChatTransport: Sendable {
    /// Yields `.opened` once a success status arrives, then text, usage and the finish reason;
    /// ends by finishing or by throwing a `GatewayError`. Cancelling the consuming task (or
    /// dropping the stream) must close the connection.
    func streamChat(_ request: ChatRequest, provider: Provider,
                    timeouts: Timeouts) -> AsyncThrowingStream<ChatStreamEvent, any Error>
}

extension GatewayClient: ChatTransport {}
