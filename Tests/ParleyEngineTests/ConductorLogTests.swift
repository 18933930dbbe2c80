import Foundation
import Testing
import ParleyGateway
@testable import ParleyEngine

@Suite struct ConductorLogTests {
    let utc = LocalZone.utc
    // 2025-01-01 12:00:01.234 UTC
    let time = Date(timeIntervalSince1970: 1_735_732_801.234)
    let model = ModelRef(provider: "demo", model: "rate-limited")

    func line(_ kind: EngineEvent.Kind, lane: Int = 0, showLane: Bool = false) -> String? {
        EngineEventLog.line(EngineEvent(request: UUID(), lane: lane, time: time, kind: kind), timeZone: utc, showLane: showLane)
    }

    @Test func failedAttemptReadsAsOneLogLine() {
        let error = GatewayError.rateLimited(retryAfter: .seconds(1), message: "slow down")
        #expect(line(.attemptFailed(model: model, attempt: 1, error: error, partialText: ""))
                == "12:00:01.234 demo:rate-limited  429 rate limited (retry in 1.0 s): slow down")
        #expect(line(.retryScheduled(model: model, nextAttempt: 2, wait: .seconds(1)))
                == "12:00:01.234 demo:rate-limited  retry (attempt 2) in 1.00 s")
    }

    @Test func partialTextFallbackAndLanesAreSaid() {
        let stall = GatewayError.timeout(.idle)
        #expect(line(.attemptFailed(model: model, attempt: 1, error: stall, partialText: "Hello"), lane: 2, showLane: true)
                == "12:00:01.234 [3] demo:rate-limited  stream stalled (idle timeout) (after 5 characters, kept as partial)")
        let to = ModelRef(provider: "demo", model: "fast")
        #expect(line(.fallingBack(from: model, to: to, reason: "429 rate limited"))
                == "12:00:01.234 demo:rate-limited  falling back to demo:fast: 429 rate limited")
    }

    @Test func textDeltasAreNotLogged() {
        #expect(line(.textDelta(model: model, text: "x")) == nil)
    }

    @Test func finishedSummarisesTokensCostAndSpeed() {
        let outcome = EngineEvent.Outcome(model: model, text: "hi", usage: Usage(promptTokens: 10, completionTokens: 100),
                                          usageEstimated: true, cost: 0.00012, timeToFirstToken: .milliseconds(400),
                                          duration: .milliseconds(2400))
        #expect(line(.finished(outcome))
                == "12:00:01.234 demo:rate-limited  done: 100 tokens (estimated), $0.00012, first token 0.40 s, 2.40 s, 50 tok/s")
    }
}
