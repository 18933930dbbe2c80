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

    @Test func theCodeModelWritesFencedBlocksOfTheHighlightedLanguages() {
        let answer = AnswerWriter.code(seed: 7).joined()
        #expect(answer.hasPrefix("Here is the code:\n\n```"))
        #expect(answer.components(separatedBy: "```").count == 7)  // three blocks, each closed
        let long = AnswerWriter.code(seed: 7, tokenCount: 5000)
        #expect(long.count == 5000)
        let text = long.joined()
        for fence in ["```swift", "```python", "```go", "```json", "```sql", "```rust"] {
            #expect(text.contains(fence))
        }
    }

    @Test func codeIsAModelParameter() throws {
        let script = try ModelScript().applying([(key: "code", value: "1"), (key: "chunks", value: "40")])
        #expect(script.content == .code && script.chunks == 40)
        #expect(try ModelScript().applying([(key: "code", value: "0")]).content == .prose)
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
