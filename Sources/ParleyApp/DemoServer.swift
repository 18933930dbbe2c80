import ParleySim
import Synchronization

/// The built-in demo gateway of one process: its socket bound at once (so its address can go
/// into the provider), its server started when `start()` is first called. Connections made
/// before that wait in the socket's backlog. (Should NIO fail to take the socket, it is left
/// open, not closed: NIO may own it already, and closing a descriptor twice can close another
/// file's. The command reports the failure.)
///
/// The chat starts it after its first frame (the server's set-up is a few milliseconds of the
/// runtime's first look at NIO's types, on a core the first frame needs); other commands start
/// it with the rest of their wiring.
final class DemoServer: Sendable {
    let baseURL: String
    private let state: Mutex<State>

    private enum State {
        case bound(SimListener)
        case starting(Task<SimServer, any Error>)
        case stopped
    }

    init() throws {
        let listener = try SimListener.bind(host: "127.0.0.1", port: 0)
        baseURL = listener.baseURL
        state = Mutex(.bound(listener))
    }

    /// Starts the server if it is not started yet, and waits until it serves; throws what kept
    /// it from starting (every call, the first's error).
    func start() async throws {
        let task: Task<SimServer, any Error>? = state.withLock { state in
            switch state {
            case .bound(let listener):
                let task = Task { try await SimServer.start(on: listener) }
                state = .starting(task)
                return task
            case .starting(let task):
                return task
            case .stopped:
                return nil
            }
        }
        _ = try await task?.value
    }

    /// Stops the server, or closes the socket if it never started. Calling it twice is harmless.
    func shutdown() async {
        let previous = state.withLock { state in
            defer { state = .stopped }
            return state
        }
        switch previous {
        case .bound(let listener): listener.close()
        case .starting(let task): try? await task.value.shutdown()
        case .stopped: break
        }
    }
}
