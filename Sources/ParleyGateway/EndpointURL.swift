import FoundationEssentials

/// Checks a `base_url` the user wrote (config file or `--base-url`) before anything connects
/// to it: an http(s) URL with a host, and a port in 1…65535 when one is written. A port of
/// 99999 would otherwise pass `URL(string:)` and trap inside NIO when the first request goes out.
public enum EndpointURL {
    public static let portRange: ClosedRange<Int> = 1...65_535

    /// `nil` when `text` is usable, else what is wrong with it, worded for the user.
    public static func problem(in text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host?.isEmpty == false
        else {
            return "expected an http:// or https:// URL (like \"http://127.0.0.1:8080/v1\")"
        }
        guard let port = writtenPort(in: text) else { return nil }
        guard port.allSatisfy(\.isASCII), port.allSatisfy(\.isNumber), let number = Int(port),
              portRange.contains(number) else {
            return "the port must be a number from \(portRange.lowerBound) to \(portRange.upperBound), found \"\(port.prefix(20))\""
        }
        return nil
    }

    /// The port as written in the authority (`host:PORT`, `[v6]:PORT`), or nil when there is
    /// none. Read from the text rather than `URL.port`, which may drop or wrap an out-of-range one.
    static func writtenPort(in text: String) -> Substring? {
        guard let schemeEnd = text.range(of: "://") else { return nil }
        let rest = text[schemeEnd.upperBound...]
        var authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            let after = authority[authority.index(after: close)...]
            return after.hasPrefix(":") ? after.dropFirst() : nil
        }
        guard let colon = authority.lastIndex(of: ":") else { return nil }
        return authority[authority.index(after: colon)...]
    }

    /// Where a local server's own API lives, given its OpenAI-compatible base URL: the base with
    /// its `/v1` path segment taken off (`http://127.0.0.1:11434/v1` → `http://127.0.0.1:11434`,
    /// `https://box/ollama/v1/` → `https://box/ollama`), so Ollama's `/api/show` and llama.cpp's
    /// `/props` are found behind a reverse proxy's prefix too. Only the path is touched: a host
    /// named `v1` stays. Nil for a base URL that is not http(s) or carries a query or fragment.
    public static func nativeRoot(of baseURL: String) -> String? {
        guard problem(in: baseURL) == nil, !baseURL.contains("?"), !baseURL.contains("#"),
              let schemeEnd = baseURL.range(of: "://") else { return nil }
        let afterScheme = baseURL[schemeEnd.upperBound...]
        let pathStart = afterScheme.firstIndex(of: "/") ?? baseURL.endIndex
        let origin = baseURL[..<pathStart]
        var path = baseURL[pathStart...]
        while path.hasSuffix("/") { path = path.dropLast() }
        if path.hasSuffix("/v1") { path = path.dropLast(3) }
        while path.hasSuffix("/") { path = path.dropLast() }
        return String(origin + path)
    }
}
