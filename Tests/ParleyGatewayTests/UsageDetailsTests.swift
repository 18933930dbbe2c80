import Foundation
import Testing
@testable import ParleyGateway

/// Usage details that price an answer exactly, and hostile numbers at the wire boundary.
@Suite("Usage details and hostile numbers")
struct UsageDetailsTests {
    private func usage(_ json: String) throws -> Usage? {
        let event = SSEEvent(event: nil, data: #"{"choices":[],"usage":"# + json + "}")
        guard case .events(let events) = try BothDecoderPaths.decode(event, sanitizer: TextSanitizer()) else { return nil }
        for case .usage(let u) in events { return u }
        return nil
    }

    @Test func openRouterDetailsAndCost() throws {
        let u = try #require(try usage(#"""
            {"prompt_tokens":1000,"completion_tokens":400,"total_tokens":1400,"cost":0.0123,"is_byok":false,
             "prompt_tokens_details":{"cached_tokens":800,"cache_write_tokens":100},
             "completion_tokens_details":{"reasoning_tokens":340}}
            """#))
        #expect(u == Usage(promptTokens: 1000, completionTokens: 400, totalTokens: 1400, cost: 0.0123,
                           cachedTokens: 800, cacheWriteTokens: 100, reasoningTokens: 340))
        #expect(u.uncachedPromptTokens == 200)
    }

    @Test func deepSeekCacheHitsAndMisses() throws {
        let u = try #require(try usage(#"""
            {"prompt_tokens":120,"completion_tokens":50,"prompt_cache_hit_tokens":100,"prompt_cache_miss_tokens":20,
             "completion_tokens_details":{"reasoning_tokens":30}}
            """#))
        #expect(u.cachedTokens == 100)
        #expect(u.reasoningTokens == 30)
        #expect(u.totalTokens == 170)
    }

    @Test func deepSeekWithoutPromptTokensAddsHitsAndMisses() throws {
        let u = try #require(try usage(#"{"completion_tokens":5,"prompt_cache_hit_tokens":7,"prompt_cache_miss_tokens":3}"#))
        #expect(u.promptTokens == 10)
        #expect(u.cachedTokens == 7)
    }

    @Test(arguments: [
        #"-5"#, #"1e300"#, #"9007199254740993"#, #"12.5"#, #""12""#, #"true"#, #"null"#, #"[1]"#, #"{"n":1}"#,
    ])
    func aHostileCountIsIgnoredAndTheRestKept(_ bad: String) throws {
        let u = try #require(try usage(#"""
            {"prompt_tokens":\#(bad),"completion_tokens":9,"total_tokens":\#(bad),
             "prompt_tokens_details":{"cached_tokens":\#(bad)},"completion_tokens_details":{"reasoning_tokens":\#(bad)}}
            """#))
        #expect(u.promptTokens == 0)
        #expect(u.completionTokens == 9)
        #expect(u.totalTokens == 9)
        #expect(u.cachedTokens == nil)
        #expect(u.reasoningTokens == nil)
    }

    @Test(arguments: [#"-0.01"#, #"1e300"#, #""0.5""#, #"true"#, #"[0.5]"#])
    func aHostileCostIsIgnored(_ bad: String) throws {
        let u = try #require(try usage(#"{"prompt_tokens":3,"completion_tokens":4,"cost":\#(bad)}"#))
        #expect(u.cost == nil)
        #expect(u.completionTokens == 4)
    }

    @Test func aDetailLargerThanItsWholeIsNotBelieved() throws {
        let u = try #require(try usage(#"""
            {"prompt_tokens":10,"completion_tokens":5,"prompt_tokens_details":{"cached_tokens":11},
             "completion_tokens_details":{"reasoning_tokens":6}}
            """#))
        #expect(u.cachedTokens == nil)
        #expect(u.reasoningTokens == nil)
    }

    @Test func aUsageOfTheWrongShapeKeepsTheAnswer() throws {
        for bad in [#""lots""#, "42", "[]", #"{"prompt_tokens":"x"}"#] {
            let event = SSEEvent(event: nil, data: #"{"choices":[{"delta":{"content":"hi"},"finish_reason":"stop"}],"usage":"# + bad + "}")
            guard case .events(let events) = try BothDecoderPaths.decode(event, sanitizer: TextSanitizer()) else {
                Issue.record("no events for \(bad)")
                continue
            }
            #expect(events == [.text("hi"), .finished(reason: "stop")], "\(bad)")
        }
    }

    @Test func hugeCountsSaturateInsteadOfTrapping() {
        let u = Usage(promptTokens: Int.max, completionTokens: Int.max)
        #expect(u.totalTokens == Int.max)
        #expect(WireNumber.saturatingSum(Int.max, 1) == Int.max)
        #expect(WireNumber.count(.number(9_007_199_254_740_991)) == 9_007_199_254_740_991)
        #expect(WireNumber.count(.number(9_007_199_254_740_992)) == nil)
        #expect(WireNumber.count(.number(-0.0)) == 0)
        #expect(WireNumber.count(.number(.nan)) == nil)
        #expect(WireNumber.count(.string("8192"), acceptingStrings: true) == 8192)
        #expect(WireNumber.count(.string("-1"), acceptingStrings: true) == nil)
        #expect(WireNumber.count(.string("99999999999999999999"), acceptingStrings: true) == nil)
    }

    // MARK: Prices

    @Test func cachedTokensArePricedAtTheCacheReadPrice() {
        let model = ModelInfo(id: "m", promptPricePerMillion: 3, completionPricePerMillion: 15,
                              cacheReadPricePerMillion: 0.3, cacheWritePricePerMillion: 3.75)
        let usage = Usage(promptTokens: 1_000_000, completionTokens: 100_000, cachedTokens: 800_000,
                          cacheWriteTokens: 100_000, reasoningTokens: 60_000)
        // 100k uncached × 3 + 800k × 0.3 + 100k × 3.75 + 100k × 15 (reasoning included), per million.
        let cost = model.cost(of: usage)
        #expect(cost.map { abs($0 - (0.3 + 0.24 + 0.375 + 1.5)) < 1e-12 } == true)
        // Without a cache price, cached tokens cost what prompt tokens cost.
        let plain = ModelInfo(id: "m", promptPricePerMillion: 3, completionPricePerMillion: 15)
        #expect(plain.cost(of: usage).map { abs($0 - (3 + 1.5)) < 1e-12 } == true)
    }

    @Test func catalogueReadsCachePricesAndTheReasoningMark() throws {
        let body = #"""
            {"data":[{"id":"deepseek/deepseek-v4-pro","context_length":163840,
              "pricing":{"prompt":"0.0000005","completion":"0.0000021","input_cache_read":"0.00000005",
                         "input_cache_write":"0.000000625","internal_reasoning":"0.0000021"},
              "supported_parameters":["max_tokens","reasoning","include_reasoning"]},
             {"id":"plain","pricing":{"prompt":"0.000001","completion":"0.000002"}}]}
            """#
        let models = try CatalogueDecoder.decode(Data(body.utf8), sanitizer: TextSanitizer())
        #expect(models.count == 2)
        #expect(models[0].cacheReadPricePerMillion == 0.05)
        #expect(models[0].cacheWritePricePerMillion == 0.625)
        #expect(models[0].supportsReasoning)
        #expect(models[0].contextLength == 163_840)
        #expect(!models[1].supportsReasoning)
        #expect(models[1].cacheReadPricePerMillion == nil)
    }

    @Test(arguments: [#"1e300"#, #"-1"#, #""NaN""#, #""-0.5""#, #""1e300""#, #"12.5"#, #""lots""#, #"true"#])
    func hostileCatalogueNumbersAreAbsent(_ bad: String) throws {
        let body = #"{"data":[{"id":"m","context_length":\#(bad),"pricing":{"prompt":\#(bad),"completion":\#(bad)}}]}"#
        let models = try CatalogueDecoder.decode(Data(body.utf8), sanitizer: TextSanitizer())
        let model = try #require(models.first)
        #expect(model.contextLength == nil)
        #expect(model.promptPricePerMillion == nil)
        #expect(model.completionPricePerMillion == nil)
    }
}
