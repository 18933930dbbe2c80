public import ParleyGateway

/// The Store's cached `/models` catalogue prices the `cheapest` route and fills in costs.
extension Store: CatalogueLookup {
    public func modelInfo(for model: ModelRef) async -> ModelInfo? {
        // A catalogue that cannot be read only means "price unknown": never fail a request on it.
        try? await cachedModelInfo(for: model)
    }
}
