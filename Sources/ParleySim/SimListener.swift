import Glibc

/// A listening TCP socket on an IPv4 address, made before the server that will serve it: its
/// port is known at once (a client's base URL can be written), and connections made before the
/// server starts wait in its backlog. The chat binds the demo gateway's socket this way and
/// starts the server itself only after its first frame.
///
/// Until `SimServer.start(on:)` takes the socket, `close()` closes it.
public final class SimListener: Sendable {
    public let host: String
    public let port: Int
    let descriptor: Int32
    private let owned = Locked(true)

    /// Binds `host` (an IPv4 address literal) and `port` (0: the system chooses) and listens.
    public static func bind(host: String = "127.0.0.1", port: Int = 0) throws -> SimListener {
        guard (0...65_535).contains(port) else { throw SimListenerError(call: "port", code: EINVAL) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw SimListenerError(call: "inet_pton", code: EINVAL)
        }
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SimListenerError(call: "socket", code: errno) }
        func fail(_ call: String) -> SimListenerError {
            let error = SimListenerError(call: call, code: errno)
            Glibc.close(descriptor)
            return error
        }
        var one: Int32 = 1
        guard setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw fail("setsockopt")
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw fail("bind") }
        guard listen(descriptor, 256) == 0 else { throw fail("listen") }
        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw fail("getsockname") }
        return SimListener(host: host, port: Int(UInt16(bigEndian: local.sin_port)), descriptor: descriptor)
    }

    private init(host: String, port: Int, descriptor: Int32) {
        self.host = host
        self.port = port
        self.descriptor = descriptor
    }

    /// `http://HOST:PORT/v1`, the base URL the server will answer on.
    public var baseURL: String { "http://\(host):\(port)/v1" }

    /// Hands the socket over (to the server that starts on it); false if it was already taken
    /// or closed.
    func takeOwnership() -> Bool {
        owned.withLock { owned in
            defer { owned = false }
            return owned
        }
    }

    /// Closes the socket if no server took it. Calling it twice is harmless.
    public func close() {
        if takeOwnership() { Glibc.close(descriptor) }
    }

    deinit {
        close()
    }
}

/// A system call that failed while making a `SimListener`.
public struct SimListenerError: Error, CustomStringConvertible {
    public let call: String
    public let code: Int32

    public var description: String {
        "cannot listen on the demo gateway's socket: \(call): \(String(cString: strerror(code)))"
    }
}
