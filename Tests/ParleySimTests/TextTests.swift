@testable import ParleySim
import Testing

@Suite("Answer text")
struct TextTests {
    @Test(arguments: ["Hello, world.\n\n## Head\n- item one\n```swift\nlet x = 1\n```", "internationalisation",
                      "  leading and trailing  ", "中文 и кириллица!", ""])
    func tokensJoinBackToTheText(text: String) {
        #expect(Tokenizer.tokens(text).joined() == text)
        #expect(Tokenizer.tokens(text).allSatisfy { !$0.isEmpty })
    }

    @Test func wordsKeepTheirLeadingSpace() {
        #expect(Tokenizer.tokens("Hello, big world.") == ["Hello", ",", " big", " world", "."])
    }

    @Test func proseIsDeterministicAndExactWhenAsked() {
        let a = AnswerWriter.prose(prompt: "why", model: "fast", seed: 42)
        let b = AnswerWriter.prose(prompt: "why", model: "fast", seed: 42)
        #expect(a == b)
        #expect(AnswerWriter.prose(prompt: "why", model: "fast", seed: 42, tokenCount: 2500).count == 2500)
    }

    @Test func jsonEscapesControlCharacters() {
        let json = WireJSON.object([("s", .string("a\u{1B}[0m\"\\\n\u{07}\u{9B}"))]).text
        #expect(json == "{\"s\":\"a\\u001b[0m\\\"\\\\\\n\\u0007\u{9B}\"}")
    }

    @Test func multiLineSplitKeepsStringsWhole() {
        let lines = ChunkWriter.splitAfterTopLevelCommas("{\"a\":\"x,y\",\"b\":[1,2],\"c\":{\"d\":1,\"e\":2}}")
        #expect(lines == ["{\"a\":\"x,y\",", "\"b\":[1,2],", "\"c\":{\"d\":1,\"e\":2}}"])
    }
}
