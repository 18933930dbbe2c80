import Glibc
import NIOCore
import NIOHTTP1
import NIOPosix

/// The gateway simulator: a real HTTP/1.1 server speaking the OpenAI-compatible wire, with the
/// scripted models of `SimCatalogue`. See docs/simulator.md.
public final class SimServer: Sendable {
    /// The port the server listens on (the one the system chose when started with port 0).
    public let port: Int
    private let host: String
    private let group: MultiThreadedEventLoopGroup
    private let serverChannel: any Channel
    private let ledger: SimLedger
    private let isShutDown = Locked(false)

    /// `http://127.0.0.1:PORT/v1`, ready to be a client's base URL.
    public var baseURL: String {
        let printableHost = host.contains(":") ? "[\(host)]" : host
        return "http://\(printableHost):\(port)/v1"
    }

    private init(host: String, port: Int, group: MultiThreadedEventLoopGroup, serverChannel: any Channel, ledger: SimLedger) {
        self.host = host
        self.port = port
        self.group = group
        self.serverChannel = serverChannel
        self.ledger = ledger
    }

    /// Starts listening. Port 0 lets the system choose a free port (read it back from `port`).
    public static func start(host: String = "127.0.0.1", port: Int = 0) async throws -> SimServer {
        try await start(host: host, port: port) { bootstrap in
            // An address literal is bound as it is: `bind(host:port:)` would ask the resolver
            // (getaddrinfo, which reads the network interfaces over netlink) at every demo start.
            if let address = try? SocketAddress(ipAddress: host, port: port) {
                bootstrap.bind(to: address)
            } else {
                bootstrap.bind(host: host, port: port)
            }
        }
    }

    /// Starts serving on a socket already bound and listening; connections made to it since are
    /// served now. The server owns the socket from here on, whether it starts or not.
    public static func start(on listener: SimListener) async throws -> SimServer {
        guard listener.takeOwnership() else {
            throw SimListenerError(call: "start (the socket was closed)", code: EBADF)
        }
        return try await start(host: listener.host, port: listener.port) { bootstrap in
            bootstrap.withBoundSocket(listener.descriptor)
        }
    }

    private static func start(host: String, port: Int,
                              bind: (ServerBootstrap) -> EventLoopFuture<any Channel>) async throws -> SimServer {
        // One thread is plenty: every response is a handful of small writes on timers.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let ledger = SimLedger()
        do {
            let bootstrap = ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        try channel.pipeline.syncOperations.addHandler(SimHTTPHandler(ledger: ledger))
                    }
                }
            let channel = try await bind(bootstrap).get()
            let boundPort = channel.localAddress?.port ?? port
            return SimServer(host: host, port: boundPort, group: group, serverChannel: channel, ledger: ledger)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// Stops listening and closes every connection, including requests left hanging by `silent`
    /// and `stall`; their clients see the connection close. Calling it twice is harmless.
    public func shutdown() async throws {
        let alreadyShutDown = isShutDown.withLock { flag in
            defer { flag = true }
            return flag
        }
        guard !alreadyShutDown else { return }
        try? await serverChannel.close()
        // Shutting the event loop down closes every channel still registered with it and
        // cancels their scheduled steps.
        try await group.shutdownGracefully()
    }

    /// Per-model counts of what was served so far.
    public func stats() async -> SimStats {
        ledger.snapshot
    }

    deinit {
        // A forgotten `shutdown()` must not leak the event-loop thread.
        if !isShutDown.withLock({ $0 }) {
            group.shutdownGracefully { _ in }
        }
    }
}
