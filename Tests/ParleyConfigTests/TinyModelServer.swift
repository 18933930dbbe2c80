import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A one-route HTTP server on a loopback port: `GET /v1/models` answers a two-model list when the
/// request carries `Authorization: Bearer good-key`, 401 otherwise. Enough to test `doctor` and
/// the local-server probe without the simulator (which this test target does not depend on).
final class TinyModelServer: @unchecked Sendable {
    let port: UInt16
    private let listener: Int32

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    init(requireKey: Bool = true) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(listener, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread {
            while true {
                let connection = accept(listener, nil, nil)
                if connection < 0 { return }
                Self.serve(connection, requireKey: requireKey)
            }
        }
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private static func serve(_ connection: Int32, requireKey: Bool) {
        defer { close(connection) }
        var request = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.ends(with: Array("\r\n\r\n".utf8)) {
            let count = read(connection, &buffer, buffer.count)
            if count <= 0 { return }
            request += buffer[..<count]
        }
        let text = String(decoding: request, as: UTF8.self)
        let authorised = !requireKey || text.contains("Bearer good-key")
        let body = authorised
            ? #"{"object":"list","data":[{"id":"tiny-a","object":"model"},{"id":"tiny-b","object":"model"}]}"#
            : #"{"error":{"message":"Invalid API Key","type":"authentication_error","code":401}}"#
        let status = authorised ? "200 OK" : "401 Unauthorized"
        let response = "HTTP/1.1 \(status)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        _ = Array(response.utf8).withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
    }
}

private extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}

/// A loopback port with nothing listening on it.
func closedLoopbackPort() -> UInt16 {
    // Bound but never listened on, and never closed: connecting is refused, and no server that
    // another test starts meanwhile can be given the port (a port closed again can be).
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return 9 }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
        }
    }
    guard bound else { close(fd); return 9 }
    return UInt16(bigEndian: address.sin_port)
}
