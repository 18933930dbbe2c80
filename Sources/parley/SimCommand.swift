import ArgumentParser
import Foundation
import ParleyApp
import ParleySim

/// `parley sim`: the gateway simulator as a server of its own, for tests, benchmarks and curl.
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run the built-in gateway simulator (OpenAI-compatible, scripted models) until interrupted.",
        discussion: """
            Serves /v1/chat/completions and /v1/models. Its models are scripted by name (fast, slow, \
            rate-limited, broken, stall, drop, error-chunk, …): see docs/simulator.md. Port 0 picks a free \
            port; the first line on stdout is the base URL.
            """
    ).parsedAlone()

    @Option(name: .long, help: "Address to listen on (loopback by default).")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on; 0 picks a free one.")
    var port = 0

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let server: SimServer
        do {
            server = try await SimServer.start(host: host, port: port)
        } catch {
            throw CommandFailure(status: ExitStatus.usage, message: "cannot listen on \(host):\(port): \(error)")
        }
        Console.out(server.baseURL + "\n")
        Console.err("parley sim: serving \(SimCatalogue.models.count) models at \(server.baseURL) (Ctrl-C stops)\n")
        await SignalWaiter.waitForTermination()
        try await server.shutdown()
    }
}
