/// A key that is fetched only when a request first needs it — an `api_key_command` such as
/// `gcloud auth print-access-token` — then kept for the session, and fetched again when the
/// server says the one in hand has expired.
///
/// Fetching lazily means a slow or hanging command of a provider nobody uses this session
/// cannot delay start-up. One fetch runs at a time: comparison lanes that ask together, or that
/// all meet the same expired token, share one run of the command.
public actor LazyKey: Hashable {
    /// Gets a fresh key; throws `GatewayError.credentials` (whose message shows no output).
    public typealias Fetch = @Sendable () async throws -> Secret

    private let fetch: Fetch
    private var cached: Secret?
    private var inFlight: Task<Secret, any Error>?
    /// How many times the key was fetched, for `doctor` and tests.
    public private(set) var fetches = 0

    public init(fetch: @escaping Fetch) {
        self.fetch = fetch
    }

    /// The cached key, fetching it the first time.
    public func current() async throws -> Secret {
        if let cached { return cached }
        return try await run()
    }

    /// A new key after `stale` was refused. If another request already replaced `stale`, that
    /// newer key is returned without running the command again.
    public func refreshed(replacing stale: Secret) async throws -> Secret {
        if let cached, cached != stale { return cached }
        if inFlight == nil { cached = nil }
        return try await run()
    }

    private func run() async throws -> Secret {
        if let inFlight { return try await inFlight.value }
        fetches += 1
        let task = Task { try await fetch() }
        inFlight = task
        defer { inFlight = nil }
        let key = try await task.value
        cached = key
        return key
    }

    public static func == (lhs: LazyKey, rhs: LazyKey) -> Bool { lhs === rhs }
    public nonisolated func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
