import Foundation
import ParleyEngine
import ParleyGateway
import ParleyUI

/// `parley bench --chat`: what one keystroke costs the chat (reduce, then render the frame) with a
/// 1 MB answer on screen (prose, and fenced code), and with a 10,000-message conversation. Printed, never asserted: the
/// figures depend on the machine and the build.
public enum ChatBench {
    public static func measure(runs: Int) {
        let model = ModelRef(provider: "demo", model: "fast")
        let conversation = Conversation(id: "bench", title: "bench", systemPrompt: nil,
                                        created: Date(timeIntervalSince1970: 0), updated: Date(timeIntervalSince1970: 0))
        func message(_ role: ChatMessage.Role, _ text: String) -> StoredMessage {
            StoredMessage(conversationID: "bench", role: role, content: text, model: role == .assistant ? model : nil,
                          created: Date(timeIntervalSince1970: 0))
        }
        let line = "The quick brown fox jumps over the lazy dog; a long answer is not an attack.\n"
        let megabyte = String(repeating: line, count: (1 << 20) / line.utf8.count)
        let big = [message(.user, "a long answer, please"), message(.assistant, megabyte)]
        // Code blocks are highlighted: the same megabyte as fenced Swift, with comments, strings,
        // numbers and a block comment in every block, the last block still open (streaming).
        let block = """
            ```swift
            /* A block comment
               over two lines */
            func total(_ values: [Double]) -> Double {
                let label = "sum of \\(values.count) values" // a line comment
                return values.reduce(0.5e3) { $0 + $1 * 0x1F }
            }
            ```
            Some prose between the blocks, with `inline code`.

            """
        let code = String(repeating: block, count: (1 << 20) / block.utf8.count) + "```swift\nlet open = \"unterminated"
        let codeHeavy = [message(.user, "a long code answer, please"), message(.assistant, code)]
        let many = (0..<5_000).flatMap { i in
            [message(.user, "question \(i)"), message(.assistant, "answer \(i), **short** and to the point")]
        }
        for (name, messages) in [("1 MB answer", big), ("1 MB of code blocks", codeHeavy), ("10,000 messages", many)] {
            var state = AppState(model: model, width: 120, height: 40, timeZone: .utc)
            _ = reduce(&state, .conversationLoaded(conversation, messages))
            _ = render(state)
            let keys: [(String, [Key])] = [
                ("type a letter", [.character("x"), .backspace]),
                ("PgUp", [.pageUp]),
                ("PgDn after PgUp", [.pageUp, .pageUp, .pageDown]),
                ("type while scrolled back", [.pageUp, .character("x"), .backspace]),
            ]
            for (label, sequence) in keys {
                let ms = median(runs) {
                    var s = state
                    let clock = ContinuousClock()
                    var total = Duration.zero
                    for key in sequence {
                        let start = clock.now
                        _ = reduce(&s, .input(.key(key)))
                        _ = render(s)
                        total += start.duration(to: clock.now)
                    }
                    return Double(total.components.attoseconds) / 1e15 / Double(sequence.count)
                        + Double(total.components.seconds) * 1000 / Double(sequence.count)
                }
                print(String(format: "chat, %@: %@ %.2f ms per key (reduce + render)", name, label, ms))
            }
        }
    }

    public static func median(_ runs: Int, _ measure: () -> Double) -> Double {
        var samples = (0..<max(runs, 1)).map { _ in measure() }
        samples.sort()
        return samples[samples.count / 2]
    }
}
