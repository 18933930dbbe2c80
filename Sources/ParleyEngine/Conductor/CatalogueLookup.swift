public import ParleyGateway

/// Where the Conductor finds a model's prices (the Store's catalogue cache implements it).
public protocol CatalogueLookup: Sendable {
    func modelInfo(for model: ModelRef) async -> ModelInfo?
}

/// A catalogue fixed at creation: for tests, the demo, and commands that fetched `/models` once.
public struct FixedCatalogue: CatalogueLookup {
    public var models: [ModelRef: ModelInfo]

    public init(_ models: [ModelRef: ModelInfo] = [:]) { self.models = models }

    public func modelInfo(for model: ModelRef) async -> ModelInfo? { models[model] }
}
