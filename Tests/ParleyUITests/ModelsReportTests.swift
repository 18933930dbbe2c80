import Testing
import ParleyModel
@testable import ParleyUI

@Suite("parley models output")
struct ModelsReportTests {
    let rows: [(provider: String, model: ModelInfo)] = [
        ("demo", ModelInfo(id: "fast", name: "Fast", contextLength: 8192, promptPricePerMillion: 0.15,
                           completionPricePerMillion: 0.6)),
        ("demo", ModelInfo(id: "thinker", contextLength: nil, promptPricePerMillion: 0.001,
                           completionPricePerMillion: nil, supportsReasoning: true)),
    ]

    @Test func tableMarksConfiguredAndThinkingModels() {
        #expect(ModelsReport.table(rows, configured: ["demo:fast"]) == """
            MODEL         CONTEXT  IN $/M  OUT $/M  NAME
            demo:fast        8192    0.15     0.60  (configured) Fast
            demo:thinker        -  0.0010        -  (think)

            """)
    }

    @Test func jsonCarriesNullsForWhatTheCatalogueDoesNotSay() {
        let json = ModelsReport.json(rows).filter { !$0.isWhitespace }
        #expect(json.contains(#""context_length":null"#))
        #expect(json.contains(#""supports_reasoning":true"#))
    }
}
