import ArgumentParser
import Foundation
import ParleyGateway
import ParleyUI

/// `parley models`: every provider's catalogue, with context length and prices.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the models of every configured provider (or of one), with context length and prices.",
        discussion: "Prices are USD per million tokens, as the provider publishes them; '-' means unknown. '(think)' marks models the catalogue says reason (see --effort)."
    )

    @Argument(help: ArgumentHelp("Only this provider.", valueName: "provider"))
    var provider: String?

    @OptionGroup var providerOptions: ProviderOptions

    @Flag(name: .long, help: "Print JSON: an array of {provider, configured, id, name, context_length, prompt_usd_per_million, completion_usd_per_million, supports_reasoning}.")
    var json = false

    func run() async throws {
        let wiring = try await Wiring.make(providerOptions)
        try await wiring.runHeadless { try await list(wiring) }
    }

    private func list(_ wiring: Wiring) async throws -> Int32 {
        let names = try selectedProviders(wiring)
        let results = await Self.catalogues(of: names.compactMap { wiring.providers[$0] }, client: wiring.client)

        var rows: [(provider: String, model: ModelInfo)] = []
        var configuredIDs: Set<String> = []
        var failures = 0
        for (name, result) in results {
            let provider = wiring.providers[name]
            let configured = provider?.configuredModels ?? []
            let preset = provider?.preset ?? .custom
            for id in configured { configuredIDs.insert("\(name):\(ModelID.forRequest(id, preset: preset))") }
            switch result {
            case .success(let models):
                // Configured entries first, in the configuration's order; then the listed ones.
                let live = models.sorted { $0.id < $1.id }
                rows += ConfiguredModels.merge(configured: configured, live: live, preset: preset).map { (name, $0) }
            case .failure(let error):
                if let instead = ConfiguredModels.instead(of: error, configured: configured, preset: preset) {
                    rows += instead.map { (name, $0) }
                    continue
                }
                failures += 1
                Console.error("\(name): \(error.summary)")
            }
        }
        Console.out(json ? ModelsReport.json(rows, configured: configuredIDs) + "\n" : ModelsReport.table(rows, configured: configuredIDs))
        return failures > 0 ? ExitStatus.modelFailed : ExitStatus.success
    }

    /// Asks every provider at once; one failing provider doesn't hide the others. Results come
    /// back in the order of `providers`.
    ///
    /// One child task per provider, awaited in order, each returning a `Result` (no tuple).
    ///
    /// Why not a task group of `(position, result)` tuples: Swift 6.3.1 miscompiles, at -O only,
    /// an async closure that returns `(captured, try await f())` from inside `do`/`catch`: the
    /// captured element comes back as garbage (another child's position, or a pointer). The
    /// release build therefore matched lists to the wrong providers or to none, and the old
    /// `results[name]!` trapped on every run. Binding the awaited value first
    /// (`let v = try await f(); return (captured, v)`) and returning a struct both compile
    /// correctly; a 30-line reproduction is in docs/architecture.md ("Toolchain pitfalls").
    static func catalogues(of providers: [Provider], client: GatewayClient) async
        -> [(String, Result<[ModelInfo], GatewayError>)] {
        let tasks = providers.map { provider in
            Task { () -> Result<[ModelInfo], GatewayError> in
                do {
                    return .success(try await client.listModels(provider: provider, timeout: .seconds(15)))
                } catch {
                    return .failure((error as? GatewayError) ?? .network(message: "\(error)"))
                }
            }
        }
        var results: [(String, Result<[ModelInfo], GatewayError>)] = []
        for (provider, task) in zip(providers, tasks) {
            results.append((provider.name, await task.value))
        }
        return results
    }

    private func selectedProviders(_ wiring: Wiring) throws -> [String] {
        guard let provider else { return wiring.providers.keys.sorted() }
        guard wiring.providers[provider] != nil else {
            throw CommandFailure.usage("unknown provider '\(provider)' (known: \(wiring.providers.keys.sorted().joined(separator: ", ")))")
        }
        return [provider]
    }
}
