extension GatewayClient {
    /// Runs `exchange` with the provider's key in hand: its literal key, or the key command's
    /// cached token. When the server answers 401 and the key came from a command, the command
    /// runs once more (tokens expire: Vertex says `ACCESS_TOKEN_EXPIRED`) and the exchange is
    /// retried with the fresh token; a second 401 means the credentials themselves are wrong.
    func withKey<T: Sendable>(_ provider: Provider,
                              _ exchange: @Sendable (Provider) async throws -> T) async throws -> T {
        guard provider.apiKey == nil, let lazy = provider.lazyKey else { return try await exchange(provider) }
        var keyed = provider
        keyed.apiKey = try await lazy.current()
        do {
            return try await exchange(keyed)
        } catch let error as GatewayError where error.mayBeExpiredKey {
            guard let stale = keyed.apiKey else { throw error }
            keyed.apiKey = try await lazy.refreshed(replacing: stale)
            do {
                return try await exchange(keyed)
            } catch GatewayError.authentication(let status, let message) {
                throw GatewayError.authentication(
                    status: status,
                    message: message + " (a fresh token from api_key_command was refused too: the credentials are wrong)")
            }
        }
    }
}
