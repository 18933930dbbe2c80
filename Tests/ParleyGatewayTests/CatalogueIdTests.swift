import Foundation
import Testing
@testable import ParleyGateway

@Suite struct CatalogueIdTests {
    @Test func geminiModelsPrefixIsStrippedAndAnthropicDisplayNamesRead() throws {
        let gemini = #"{"object":"list","data":[{"id":"models/gemini-2.5-flash","object":"model","owned_by":"google"}]}"#
        let models = try CatalogueDecoder.decode(Data(gemini.utf8), sanitizer: TextSanitizer())
        #expect(models.map(\.id) == ["gemini-2.5-flash"])
        let anthropic = #"{"data":[{"type":"model","id":"claude-sonnet-4-5","display_name":"Claude Sonnet 4.5","created_at":"2025-09-29T00:00:00Z"}],"has_more":false,"first_id":"claude-sonnet-4-5","last_id":"claude-sonnet-4-5"}"#
        let claude = try CatalogueDecoder.decode(Data(anthropic.utf8), sanitizer: TextSanitizer())
        #expect(claude.map(\.id) == ["claude-sonnet-4-5"])
        #expect(claude.first?.name == "Claude Sonnet 4.5")
    }
}
