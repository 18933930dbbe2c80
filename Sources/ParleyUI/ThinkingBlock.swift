import Foundation
import ParleyModel

/// The dimmed block above an answer that shows what the model thought. While only thinking
/// arrives it streams live (the latest lines, with the time and tokens so far); once the answer
/// begins it folds to one line (`▸ thought for 12.4 s · 340 tokens`), unless the user asked to
/// see the thinking in full (`toggle_reasoning`).
enum ThinkingBlock {
    /// Rows of live thinking shown while the model has not answered yet: enough to see it work,
    /// few enough that the answer does not jump far when it begins.
    static let liveRows = 6

    static func lines(_ thinking: Thinking, width: Int, theme: Theme) -> [StyledLine] {
        let style = theme[.dim]
        let tokens = thinking.tokenCount
        let figures = "\(seconds(thinking.elapsed)) · \(Format.tokens(tokens)) token\(tokens == 1 ? "" : "s")"
        let bar = Span("│ ", style)
        func body() -> [StyledLine] {
            let text = thinking.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { return [] }
            return text.split(separator: "\n", omittingEmptySubsequences: false).flatMap {
                Wrap.lines([Span(String($0), style)], width: max(1, width), firstPrefix: [bar], restPrefix: [bar])
            }
        }
        if thinking.isLive {
            return [StyledLine("thinking… " + figures, style)] + body().suffix(liveRows)
        }
        if thinking.expanded {
            return [StyledLine("▾ thought for " + figures, style)] + body()
        }
        return [StyledLine("▸ thought for " + figures, style)]
    }

    /// `12.4 s`: tenths, since a thought of a few seconds is the common case.
    static func seconds(_ duration: Duration) -> String {
        let s = duration.seconds
        return s < 60 ? String(format: "%.1f s", s) : Format.duration(duration)
    }
}
