import Testing
import Glibc
@testable import ParleySim

/// A raw TCP client: connects, writes, reads to the end, with a receive timeout so a server
/// that never answers fails the test instead of hanging it.
private struct RawConnection {
    let descriptor: Int32

    init?(port: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        _ = inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
    }

    func write(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) } == bytes.count
    }

    func readToEnd() -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            received += buffer.prefix(count)
        }
        close(descriptor)
        return String(decoding: received, as: UTF8.self)
    }
}

@Suite("SimListener")
struct ListenerTests {
    @Test("a connection made before the server starts on the listener is served once it does")
    func servesEarlyConnections() async throws {
        let listener = try SimListener.bind()
        #expect(listener.port > 0)
        #expect(listener.baseURL == "http://127.0.0.1:\(listener.port)/v1")
        // The kernel accepts the connection into the backlog: no server is running yet.
        let early = try #require(RawConnection(port: listener.port))
        #expect(early.write("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
        let server = try await SimServer.start(on: listener)
        #expect(server.port == listener.port)
        let answer = early.readToEnd()
        try await server.shutdown()
        #expect(answer.hasPrefix("HTTP/1.1 200"))
        #expect(answer.contains("\"fast\""))
    }

    @Test("no server starts on a listener closed before any server took it")
    func closedListener() async throws {
        let listener = try SimListener.bind()
        listener.close()
        listener.close()
        // (Connecting to its port is not checked: a test running alongside may be given it.)
        await #expect(throws: SimListenerError.self) { _ = try await SimServer.start(on: listener) }
    }

    @Test("an address that is not an IPv4 literal is refused with the call that failed")
    func badAddress() {
        #expect(throws: SimListenerError.self) { _ = try SimListener.bind(host: "localhost") }
        let error = SimListenerError(call: "bind", code: EADDRINUSE)
        #expect(error.description.contains("bind") && error.description.contains("in use"))
    }
}
