import ArgumentParser
import Foundation
import ParleyApp
import ParleyGateway
import ParleyUI

/// `parley models`: every provider's catalogue, with context length and prices.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the models of every configured provider (or of one), with context length and prices.",
        discussion: "Prices are USD per million tokens, as the provider publishes them; '-' means unknown. '(think)' marks models the catalogue says reason (see --effort)."
    ).parsedAlone()

    @Argument(help: ArgumentHelp("Only this provider.", valueName: "provider"))
    var provider: String?

    @OptionGroup var providerOptions: ProviderOptions

    @Flag(name: .long, help: "Print JSON: an array of {provider, configured, id, name, context_length, prompt_usd_per_million, completion_usd_per_million, supports_reasoning}.")
    var json = false

    func run() async throws {
        let wiring = try await Wiring.make(providerOptions.connection)
        try await wiring.runHeadless {
            try await ModelsListing(.init(provider: provider, json: json)).list(wiring)
        }
    }
}
