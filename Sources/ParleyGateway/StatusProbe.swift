import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// A GET whose status is all that matters (`doctor`'s key check), on the one HTTP client the
/// program already has: no second HTTP stack (URLSession pulled in libcurl, gnutls and friends).
public enum StatusProbe {
    /// The status of `GET url` with `Authorization: Bearer key`, reading at most a little of the body.
    public static func status(of url: String, bearer key: Secret, timeout: Duration) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "User-Agent", value: "parley/\(ParleyVersion.current)")
        request.headers.add(name: "Authorization", value: "Bearer \(key.value)")
        let response = try await HTTPClient.shared.execute(request, timeout: .nanoseconds(timeout.saturatingNanoseconds))
        _ = try? await response.body.collect(upTo: 64 << 10)
        return Int(response.status.code)
    }
}
