public import Foundation
public import ParleyGateway

/// Each provider's `/models` list, kept in the store for a day so prices and context lengths
/// are at hand without asking the provider on every start.
public struct CatalogueCache: Sendable {
    /// How long a provider's cached list is used before it is fetched again.
    public static let maxAge: TimeInterval = 86_400

    public let store: Store
    public let providers: [String: Provider]
    public let client: GatewayClient

    public init(store: Store, providers: [String: Provider], client: GatewayClient) {
        self.store = store
        self.providers = providers
        self.client = client
    }

    /// A provider's catalogue: from the store while fresh, else fetched and cached. `nil` when
    /// the provider is unknown or did not answer within `timeout` (prices are best effort, so a
    /// failed cache write only costs a fetch next time).
    public func models(of name: String, timeout: Duration) async -> [ModelInfo]? {
        let configured = providers[name]?.configuredModels ?? []
        let preset = providers[name]?.preset ?? .custom
        if let cached = try? await store.catalogue(provider: name), !cached.isStale(maxAge: Self.maxAge) {
            return ConfiguredModels.merge(configured: configured, live: cached.models, preset: preset)
        }
        guard let provider = providers[name] else { return nil }
        do {
            let models = try await client.listModels(provider: provider, timeout: timeout)
            try? await store.saveCatalogue(models, provider: name)
            return ConfiguredModels.merge(configured: configured, live: models, preset: preset)
        } catch {
            // Bedrock's runtime endpoint and Vertex list nothing: the configuration's list stands.
            return configured.isEmpty ? nil : ConfiguredModels.merge(configured: configured, live: [], preset: preset)
        }
    }

    /// Makes sure the store has the catalogue of every provider of `models`, fetched at once.
    public func prefetch(for models: [ModelRef], timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            for name in Set(models.map(\.provider)) {
                group.addTask { _ = await self.models(of: name, timeout: timeout) }
            }
        }
    }
}
