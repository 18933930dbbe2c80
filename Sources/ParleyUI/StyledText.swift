/// A run of text in one style.
public struct Span: Sendable, Hashable {
    public var text: String
    public var style: Style

    public init(_ text: String, _ style: Style) {
        self.text = text
        self.style = style
    }
}

/// One screen line made of styled runs; the unit views produce and `Canvas.write` draws.
public struct StyledLine: Sendable, Hashable {
    public var spans: [Span]
    /// Style used to paint the rest of the row (code blocks get a background across the width).
    public var fill: Style?

    public init(_ spans: [Span] = [], fill: Style? = nil) {
        self.spans = spans
        self.fill = fill
    }

    public init(_ text: String, _ style: Style) {
        self.init([Span(text, style)])
    }

    public var plainText: String { spans.map(\.text).joined() }
    public var displayWidth: Int { spans.reduce(0) { $0 + $1.text.displayWidth } }

    public mutating func append(_ text: String, _ style: Style) {
        guard !text.isEmpty else { return }
        if let last = spans.last, last.style == style {
            spans[spans.count - 1].text += text
        } else {
            spans.append(Span(text, style))
        }
    }
}
