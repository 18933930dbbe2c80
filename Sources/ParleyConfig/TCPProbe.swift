import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bare TCP connect, to tell "nothing listens there" apart from "slow to answer".
///
/// AsyncHTTPClient retries a refused connection until its connect timeout, so through
/// `GatewayClient` a stopped local server looks like a timeout after many seconds. Connecting
/// once first makes `doctor` say "connection refused" at once.
enum TCPProbe {
    enum Outcome: Equatable {
        case connected
        case refused
        /// No answer, unknown host, or any other failure: let the HTTP request find out.
        case inconclusive
    }

    static func connect(to urlString: String, timeout: Duration) -> Outcome {
        guard let url = URL(string: urlString), let host = url.host else { return .inconclusive }
        let port = url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let hostname = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        guard getaddrinfo(hostname, String(port), &hints, &list) == 0, let first = list else { return .inconclusive }
        defer { freeaddrinfo(list) }

        var sawRefusal = false
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            switch attempt(address.pointee, timeout: timeout) {
            case .connected: return .connected
            case .refused: sawRefusal = true
            case .inconclusive: return .inconclusive
            }
            entry = address.pointee.ai_next
        }
        return sawRefusal ? .refused : .inconclusive
    }

    private static func attempt(_ address: addrinfo, timeout: Duration) -> Outcome {
        let fd = socket(address.ai_family, address.ai_socktype, address.ai_protocol)
        guard fd >= 0 else { return .inconclusive }
        defer { close(fd) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        if Glibc.connect(fd, address.ai_addr, address.ai_addrlen) == 0 { return .connected }
        if errno == ECONNREFUSED { return .refused }
        guard errno == EINPROGRESS else { return .inconclusive }
        var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let milliseconds = Int32(clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&entry, 1, milliseconds) == 1 else { return .inconclusive }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 else { return .inconclusive }
        if error == 0 { return .connected }
        return error == ECONNREFUSED ? .refused : .inconclusive
    }
}
