import Testing
@testable import ParleyGateway

/// What one network read passes on: a fast server puts hundreds of chunks in one read, each
/// naming the model, and the later stages should see one text event for them, not hundreds.
@Suite("Forwarding the events of one read")
struct StreamForwardingTests {
    @Test func aRepeatedModelNameDoesNotKeepTextPiecesApart() {
        var served: String?
        let read: [ChatStreamEvent] = [.servedBy("m"), .text("Hel"), .servedBy("m"), .text("lo"),
                                       .servedBy("m"), .text(", world")]
        #expect(GatewayClient.forwardable(read, lastServedBy: &served) == [.servedBy("m"), .text("Hello, world")])
        #expect(served == "m")
        // The next read names the same model: only its text goes on.
        #expect(GatewayClient.forwardable([.servedBy("m"), .text("!")], lastServedBy: &served) == [.text("!")])
    }

    @Test func aChangedModelAndOtherEventsKeepTheirPlace() {
        var served: String? = "a"
        let read: [ChatStreamEvent] = [.reasoning("th"), .reasoning("ink"), .servedBy("a"), .text("x"),
                                       .servedBy("b"), .text("y"), .text("z"), .finished(reason: "stop")]
        #expect(GatewayClient.forwardable(read, lastServedBy: &served)
                == [.reasoning("think"), .text("x"), .servedBy("b"), .text("yz"), .finished(reason: "stop")])
        #expect(served == "b")
    }
}
