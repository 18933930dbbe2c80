public import Foundation
public import ParleyGateway

/// The engine's one background actor: owns every request in flight, orders each chain by its
/// route, walks fallback chains, fans out comparisons, and reports everything as `EngineEvent`s.
///
/// Every lane of a request ends with exactly one terminal event: `.finished`, `.failed` or
/// `.cancelled`; the stream finishes after the last lane's.
public actor Conductor {
    private let providers: [String: Provider]
    private let transport: any ChatTransport
    private let catalogue: any CatalogueLookup
    private let history: (any PerformanceHistory)?
    public let policy: ConductorPolicy
    private let clock: any ConductorClock
    private let coolDowns = CoolDownBoard()
    private var rng: SeededGenerator
    private var inFlight: [RequestID: RunningRequest] = [:]

    /// A request in flight: one task per lane (so a lane can be cancelled alone) and the task
    /// that waits for them all and closes the event stream.
    private struct RunningRequest {
        var whole: Task<Void, Never>
        var lanes: [Task<Void, Never>]
    }

    public init(providers: [String: Provider], transport: any ChatTransport,
                catalogue: any CatalogueLookup = FixedCatalogue(), history: (any PerformanceHistory)? = nil,
                policy: ConductorPolicy = .standard, clock: any ConductorClock = SystemConductorClock()) {
        self.providers = providers
        self.transport = transport
        self.catalogue = catalogue
        self.history = history
        self.policy = policy
        self.clock = clock
        self.rng = SeededGenerator(seed: policy.randomSeed ?? UInt64.random(in: .min ... .max))
    }

    /// Sends one chat turn along `plan`. Events carry lane 0.
    public func send(_ messages: [ChatMessage], plan: RoutePlan,
                     request: RequestID = UUID()) -> AsyncStream<EngineEvent> {
        start(request, lanes: [ComparisonLane(messages: messages, plan: plan)])
    }

    /// Sends the same turn along each plan at once (each lane with its own fallback chain);
    /// events carry the lane's index in `lanes`.
    public func compare(_ messages: [ChatMessage], lanes: [RoutePlan],
                        request: RequestID = UUID()) -> AsyncStream<EngineEvent> {
        start(request, lanes: lanes.map { ComparisonLane(messages: messages, plan: $0) })
    }

    /// Sends each lane its own conversation along its own plan, all at once: a comparison whose
    /// lanes keep separate threads. Events carry the lane's index in `lanes`.
    public func compare(_ lanes: [ComparisonLane], request: RequestID = UUID()) -> AsyncStream<EngineEvent> {
        start(request, lanes: lanes)
    }

    /// Stops a request: its network work is cancelled and each of its lanes reports `.cancelled`.
    public func cancel(request: RequestID) {
        inFlight[request]?.whole.cancel()
    }

    /// Stops one lane of a request; the other lanes go on. The lane reports `.cancelled` (unless
    /// it had already ended), and the request's stream finishes when its last lane ends.
    public func cancel(request: RequestID, lane: Int) {
        guard let running = inFlight[request], running.lanes.indices.contains(lane) else { return }
        running.lanes[lane].cancel()
    }

    /// Requests still running.
    public var requestsInFlight: Set<RequestID> { Set(inFlight.keys) }

    private func start(_ request: RequestID, lanes: [ComparisonLane]) -> AsyncStream<EngineEvent> {
        let (stream, events) = AsyncStream.makeStream(of: EngineEvent.self, bufferingPolicy: .unbounded)
        let providers = self.providers
        // Unstructured lane tasks rather than a task group: a group's children cannot be
        // cancelled one at a time, and the user may stop one lane of a comparison.
        let laneTasks = lanes.enumerated().map { lane, work in
            let seed = rng.next()
            return Task {
                await self.runLane(request: request, lane: lane, plan: work.plan, messages: work.messages,
                                   providers: providers, seed: seed, events: events)
            }
        }
        let whole = Task {
            await withTaskCancellationHandler {
                for task in laneTasks { await task.value }
            } onCancel: {
                for task in laneTasks { task.cancel() }
            }
            events.finish()
            self.forget(request)
        }
        inFlight[request] = RunningRequest(whole: whole, lanes: laneTasks)
        // A consumer that stops listening (its task cancelled, or the stream dropped) stops the work.
        events.onTermination = { termination in
            if case .cancelled = termination { whole.cancel() }
        }
        return stream
    }

    private func forget(_ request: RequestID) {
        inFlight[request] = nil
    }

    private nonisolated func runLane(request: RequestID, lane: Int, plan: RoutePlan, messages: [ChatMessage],
                                     providers: [String: Provider], seed: UInt64,
                                     events: AsyncStream<EngineEvent>.Continuation) async {
        var rng = SeededGenerator(seed: seed)
        let (decision, hops) = await route(plan, messages: messages, providers: providers)
        events.yield(EngineEvent(request: request, lane: lane,
                                 kind: .routed(route: plan.route, order: decision.order,
                                               reason: decision.reason)))
        let walk = ChainWalk(request: request, lane: lane, messages: messages, hops: hops, effort: plan.effort,
                             parameters: plan.parameters,
                             providers: providers, transport: transport, catalogue: catalogue,
                             policy: policy, clock: clock, coolDowns: coolDowns, events: events)
        await walk.run(rng: &rng)
    }

    // MARK: Routing

    /// Orders the plan's chain by its route and turns it into the requests to make.
    func route(_ plan: RoutePlan, messages: [ChatMessage],
               providers: [String: Provider]) async -> (RouteDecision, [Hop]) {
        switch plan.route {
        case .ordered:
            let decision = RouteDecision(order: plan.chain, reason: plan.chain.count > 1 ? "chain order" : "single model")
            return (decision, plan.chain.map { Hop(model: $0) })
        case .cheapest:
            var prices: [ModelRef: ModelInfo] = [:]
            for model in plan.chain {
                prices[model] = await catalogue.modelInfo(for: model)
            }
            let decision = Router.cheapest(plan.chain, prices: prices,
                                           promptTokens: TokenEstimate.promptTokens(messages),
                                           completionTokens: policy.expectedCompletionTokens)
            return (decision, decision.order.map { Hop(model: $0) })
        case .fastest:
            var stats: [ModelRef: LatencyStats] = [:]
            if let history {
                for model in plan.chain {
                    stats[model] = await history.latencyStats(for: model)
                }
            }
            let explore = Double.random(in: 0..<1, using: &rng) < policy.explorationRate
            let decision = Router.fastest(plan.chain, stats: stats,
                                          expectedCompletionTokens: policy.expectedCompletionTokens,
                                          minimumSamples: policy.minimumSamples, explore: explore, using: &rng)
            return (decision, decision.order.map { Hop(model: $0) })
        case .gateway(let sort):
            return GatewayRouting.plan(plan.chain, sort: sort, providers: providers)
        }
    }
}

/// The `gateway` route: hand the choice to a gateway that can make it (OpenRouter, and the
/// simulator that imitates it) in one request; models of other providers stay client-side
/// fallbacks after it.
enum GatewayRouting {
    static func plan(_ chain: [ModelRef], sort: GatewaySort?,
                     providers: [String: Provider]) -> (RouteDecision, [Hop]) {
        guard let first = chain.first else { return (RouteDecision(order: [], reason: "empty chain"), []) }
        let preset = providers[first.provider]?.preset
        guard preset == .openrouter || preset == .demo else {
            let reason = "\(first.provider) cannot route on the gateway side; walking the chain in order"
            return (RouteDecision(order: chain, reason: reason), chain.map { Hop(model: $0) })
        }
        let gatewayModels = chain.filter { $0.provider == first.provider }
        let others = chain.filter { $0.provider != first.provider }
        var body: [String: JSONValue] = [:]
        if gatewayModels.count > 1 {
            body["models"] = .array(gatewayModels.map { .string($0.model) })
        }
        if let sort {
            body["provider"] = .object(["sort": .string(sort.rawValue)])
        }
        var reason = "\(first.provider) chooses among \(gatewayModels.map(\.model).joined(separator: ", "))"
        if let sort { reason += " sorted by \(sort.rawValue)" }
        if !others.isEmpty { reason += "; then \(others.map(\.description).joined(separator: ", "))" }
        let hops = [Hop(model: first, extraBody: body, gatewayChooses: true)] + others.map { Hop(model: $0) }
        return (RouteDecision(order: [first] + others, reason: reason), hops)
    }
}
