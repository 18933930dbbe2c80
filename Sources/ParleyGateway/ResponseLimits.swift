import AsyncHTTPClient
import Foundation
import NIOCore

/// How much of a response Parley is willing to hold, whatever the server sends.
///
/// A stream is read event by event, so its total size is not capped (a legitimate 20 MB answer in
/// many events works); what is capped is what must sit in memory at once: one event, one whole
/// JSON body, the part of an error body that is read, and how far compressed bytes may inflate.
/// docs/providers.md lists the figures.
public enum ResponseLimits {
    /// One SSE line, and the joined `data:` of one event.
    public static let eventBytes = SSEDecoder.defaultMaximumEventBytes
    /// A whole JSON body: a non-streamed answer, a model catalogue.
    public static let bodyBytes = 32 << 20
    /// An error body: the message comes from its first bytes; the rest is never read.
    public static let errorBodyBytes = 64 << 10
    /// Pages of a paged `/models` list (Anthropic's) read at most: 50 × 1000 ids is more than
    /// any catalogue; a server that never stops paging cannot keep Parley listing forever.
    static let modelListPages = 50
    /// Decompressed bytes may be at most this many times the compressed bytes received so far.
    /// Real SSE and JSON compress 5–20-fold; a gzip bomb inflates about 1000-fold.
    public static let decompressionRatio = 100

    static func mebibytes(_ bytes: Int) -> String { "\(bytes >> 20) MiB" }

    static let eventTooLarge = GatewayError.tooLarge(
        message: "event too large: one server-sent event passed \(mebibytes(eventBytes)); the stream was abandoned")

    static func responseTooLarge(_ what: String, limit: Int = bodyBytes) -> GatewayError {
        .tooLarge(message: "response too large: \(what) passed \(mebibytes(limit))")
    }

    static let inflatesTooFar = GatewayError.tooLarge(
        message: "response too large: the compressed body inflates more than \(decompressionRatio)-fold")
}

extension HTTPClientResponse.Body {
    /// The whole body, or `GatewayError.tooLarge` once it passes `limit` bytes (`what` names it
    /// in the message). Unlike `collect(upTo:)`, the error is one a user can read.
    func collect(limit: Int, what: String) async throws -> Data {
        var data = Data()
        for try await buffer in self {
            guard data.count + buffer.readableBytes <= limit else { throw ResponseLimits.responseTooLarge(what, limit: limit) }
            data.append(contentsOf: buffer.readableBytesView)
        }
        return data
    }

    /// The first `limit` bytes of an error body. The rest is not read (the connection is closed),
    /// and a body that breaks off or inflates too far still yields what arrived: the HTTP status
    /// is what matters, and it must not be lost to a failure reading the body.
    func errorPrefix(limit: Int = ResponseLimits.errorBodyBytes) async -> Data {
        var data = Data()
        do {
            for try await buffer in self {
                data.append(contentsOf: buffer.readableBytesView.prefix(limit - data.count))
                if data.count >= limit { break }
            }
        } catch {
            // Keep what arrived.
        }
        return data
    }
}

/// Which redirects Parley follows itself (AsyncHTTPClient's own following is switched off).
///
/// A redirect to another scheme, host or port would carry the configured headers (the API key
/// among them) and the whole conversation to a server the user never named, and a 301/302 would
/// turn the POST into a GET. So only same-origin redirects that keep the method are followed
/// (301, 302, 307, 308, re-sending the same request); anything else becomes
/// `GatewayError.redirected` naming the target, so the user can fix `base_url`.
struct RedirectPolicy {
    static let maximumHops = 5

    enum Decision: Equatable {
        case follow(URL)
        case refuse(location: String)
    }

    /// What to do with a 3xx to `request` carrying `location` (nil when the header is missing).
    static func decide(status: Int, location: String?, request: String, sanitizer: TextSanitizer) -> Decision {
        guard let location, !location.isEmpty else { return .refuse(location: "an unnamed location") }
        let shown = sanitizer.clean(String(location.prefix(300)))
        guard [301, 302, 307, 308].contains(status), let base = URL(string: request),
              let target = URL(string: location, relativeTo: base)?.absoluteURL,
              sameOrigin(base, target)
        else {
            let absolute = URL(string: request).flatMap { URL(string: location, relativeTo: $0)?.absoluteString }
            return .refuse(location: absolute.map { sanitizer.clean(String($0.prefix(300))) } ?? shown)
        }
        return .follow(target)
    }

    static func sameOrigin(_ a: URL, _ b: URL) -> Bool {
        guard let schemeA = a.scheme?.lowercased(), let schemeB = b.scheme?.lowercased(), schemeA == schemeB,
              let hostA = a.host?.lowercased(), let hostB = b.host?.lowercased(), hostA == hostB
        else { return false }
        return effectivePort(a, scheme: schemeA) == effectivePort(b, scheme: schemeB)
    }

    private static func effectivePort(_ url: URL, scheme: String) -> Int? {
        url.port ?? (scheme == "https" ? 443 : scheme == "http" ? 80 : nil)
    }
}
