public import ParleyModel

/// The model picker: a fuzzy search over every model of the catalogue, with marks that build a
/// fallback chain or a comparison set in the order they were marked.
public struct PickerState: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        public var model: ModelRef
        public var positions: [Int]
    }

    public var query: String = ""
    public var selected: Int = 0
    /// Marked models, in mark order.
    public var marked: [ModelRef] = []
    public var rows: [Row] = []

    public init() {}

    public var selectedModel: ModelRef? {
        rows.indices.contains(selected) ? rows[selected].model : nil
    }

    /// Recomputes the rows for the query: best score first, favourites first when the query is empty.
    mutating func refresh(models: [ModelRef], favourites: [ModelRef]) {
        let keep = selectedModel
        if query.isEmpty {
            let favourite = Set(favourites)
            rows = (favourites.filter { models.contains($0) } + models.filter { !favourite.contains($0) }.sorted())
                .map { Row(model: $0, positions: []) }
        } else {
            rows = models.compactMap { model -> (Row, Int)? in
                guard let m = FuzzyMatch.match(query, in: model.description) else { return nil }
                return (Row(model: model, positions: m.positions), m.score)
            }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.model < $1.0.model }
            .map(\.0)
        }
        selected = keep.flatMap { k in rows.firstIndex { $0.model == k } } ?? 0
        if !query.isEmpty { selected = 0 }
    }

    mutating func move(by delta: Int) {
        guard !rows.isEmpty else { selected = 0; return }
        selected = min(max(0, selected + max(-rows.count, min(rows.count, delta))), rows.count - 1)
    }

    mutating func toggleMark() {
        guard let model = selectedModel else { return }
        if let i = marked.firstIndex(of: model) { marked.remove(at: i) } else { marked.append(model) }
    }
}
