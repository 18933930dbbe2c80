public import ParleyGateway

/// The Store's cached `/models` catalogue prices the `cheapest` route and fills in costs.
extension Store: CatalogueLookup {
    public func modelInfo(for model: ModelRef) async -> ModelInfo? {
        // A catalogue that cannot be read only means "price unknown": never fail a request on it.
        if let info = try? await cachedModelInfo(for: model) { return info }
        // Simulator models carry parameters after `@` (`stream@tps=80`); the catalogue lists
        // only the base model, whose price they share. Tried only when the full id is unknown.
        guard let at = model.model.firstIndex(of: "@"), at != model.model.startIndex else { return nil }
        let base = ModelRef(provider: model.provider, model: String(model.model[..<at]))
        return try? await cachedModelInfo(for: base)
    }
}
