/// What a running turn reports, in order.
public enum TurnUpdate: Sendable {
    /// An event of the Conductor, passed on before it is recorded.
    case event(EngineEvent)
    /// A write failed (the first failure of the turn; later ones are not repeated). The answer
    /// goes on, but the history or the ledger misses part of it.
    case storageFailed(String)
}
