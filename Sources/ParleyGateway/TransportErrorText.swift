import AsyncHTTPClient
import Foundation
import NIOCore

/// Turns what the HTTP stack throws into a `GatewayError` a user can read.
///
/// The stack's own descriptions name Swift types (`NIOTooManyBytesError`,
/// `HTTPClientError.bodyLengthMismatch`, `NIOConnectionError(host: …)`); none of that may reach a
/// message. Known failures get their own words; anything else says what was being done and with
/// which host, and no more.
enum TransportErrorText {
    static func classify(_ error: any Error, host: String) -> GatewayError {
        if error is CancellationError { return .cancelled }
        if error is NIOTooManyBytesError { return ResponseLimits.responseTooLarge("the body") }
        if isDecompressionError(error) {
            let text = String(describing: error)
            return text.contains("limit") ? ResponseLimits.inflatesTooFar
                : .malformedStream(message: "\(host) sent a compressed body that does not inflate")
        }
        if let error = error as? HTTPClientError { return classify(error, host: host) }
        if let error = error as? IOError { return .network(message: describe(errno: error.errnoCode, host: host)) }

        // NIOConnectionError and SocketAddressError are not all public; read their text only for
        // the facts in it, and never show it.
        let text = String(describing: error)
        // Lowercased by the standard library, not `localizedCaseInsensitiveContains`: that one
        // builds the current ICU `Locale` (megabytes resident) to compare ASCII words.
        let lower = text.lowercased()
        if lower.contains("connection refused") || text.contains("errno: 111") {
            return .network(message: "connection refused by \(host)")
        }
        if lower.contains("connection reset") || text.contains("errno: 104") {
            return .network(message: "\(host) reset the connection")
        }
        if text.contains("unknown(host:") || lower.contains("name or service not known")
            || lower.contains("dns")
        {
            return .network(message: "could not resolve the host name \(host)")
        }
        if text.contains("SSL") || text.contains("TLS") || lower.contains("certificate") {
            return .network(message: "the TLS connection to \(host) failed (certificate or protocol)")
        }
        return .network(message: "the connection to \(host) failed")
    }

    private static func classify(_ error: HTTPClientError, host: String) -> GatewayError {
        switch error {
        case .cancelled: return .cancelled
        case .connectTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout: return .timeout(.connect)
        case .deadlineExceeded, .readTimeout, .writeTimeout: return .timeout(.total)
        case .remoteConnectionClosed: return .network(message: "\(host) closed the connection")
        case .invalidURL, .emptyHost, .emptyScheme: return .network(message: "base_url is not a valid URL")
        case .bodyLengthMismatch:
            // A body cut short is a connection that broke, worth a retry like any other.
            return .network(message: "\(host) closed the connection before the body was complete")
        case .identityCodingIncorrectlyPresent, .contentLengthMissing:
            return .malformedStream(message: "\(host) sent a broken HTTP response")
        case .invalidProxyResponse, .proxyAuthenticationRequired, .httpProxyHandshakeTimeout, .socksHandshakeTimeout:
            return .network(message: "the proxy to \(host) refused or failed the connection")
        case .uncleanShutdown: return .network(message: "\(host) ended the TLS connection uncleanly")
        default: return .network(message: "the request to \(host) failed")
        }
    }

    private static func describe(errno code: Int32, host: String) -> String {
        switch code {
        case ECONNREFUSED: return "connection refused by \(host)"
        case ECONNRESET: return "\(host) reset the connection"
        case EPIPE: return "\(host) closed the connection"
        case ETIMEDOUT: return "the connection to \(host) timed out"
        case EHOSTUNREACH, ENETUNREACH: return "\(host) is unreachable"
        default: return "the connection to \(host) failed (\(String(cString: strerror(code))))"
        }
    }

    /// NIOHTTPCompression's error, recognised by name: ParleyGateway does not link that module
    /// directly (it comes with AsyncHTTPClient), and a new package dependency is not worth it.
    private static func isDecompressionError(_ error: any Error) -> Bool {
        String(reflecting: type(of: error)).hasSuffix("DecompressionError")
    }
}
