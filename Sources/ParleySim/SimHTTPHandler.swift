import NIOCore
import NIOHTTP1

/// One connection's HTTP handler: collects a request, asks the `Router` for a plan and plays it.
///
/// Everything happens on the channel's event loop: pauses are scheduled tasks, so a response that
/// waits holds no thread and no Swift task. When the client goes away (`channelInactive`) or the
/// server shuts down (which closes every channel), the pending task is cancelled and nothing is
/// left behind.
final class SimHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Bodies larger than this are refused; chat requests are small.
    private static let maximumBodySize = 32 << 20

    private let router: Router
    private let ledger: SimLedger

    private var requestHead: HTTPRequestHead?
    private var requestBody = ByteBuffer()

    // The response being played.
    private var remainingSteps: ArraySlice<ResponsePlan.Step> = []
    private var pendingStep: Scheduled<Void>?
    /// Writing stopped because the client is not reading; resumes when the channel drains.
    private var waitingForReader = false
    private var responseActive = false
    private var keepAlive = true
    private var statsModel: String?
    private var usage: Usage?

    init(ledger: SimLedger) {
        self.ledger = ledger
        self.router = Router(ledger: ledger)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            requestHead = head
            requestBody.clear()
        case .body(var chunk):
            guard requestBody.readableBytes + chunk.readableBytes <= Self.maximumBodySize else {
                requestHead = nil
                play(ErrorResponse.plan(status: 413, message: "Request body too large."), model: nil,
                     keepAlive: false, context: context)
                return
            }
            requestBody.writeBuffer(&chunk)
        case .end:
            guard let head = requestHead else { return }
            requestHead = nil
            let (plan, model) = router.respond(to: head, body: requestBody)
            requestBody.clear()
            usage = plan.usage
            play(plan, model: model, keepAlive: head.isKeepAlive, context: context)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if waitingForReader, context.channel.isWritable {
            waitingForReader = false
            playNextSteps(context: context)
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopPlaying()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    // MARK: - Playing a plan

    private func play(_ plan: ResponsePlan, model: String?, keepAlive: Bool, context: ChannelHandlerContext) {
        remainingSteps = plan.steps[...]
        usage = plan.usage
        statsModel = model
        self.keepAlive = keepAlive
        responseActive = true
        ledger.responseStarted()
        playNextSteps(context: context)
    }

    /// Writes played before the event loop is given back for a moment. The loop runs every task
    /// it has before it looks at its sockets again, so only a timer (however short) lets other
    /// connections in: without it an unpaced stream (`tps=0`) is written whole before a parallel
    /// request, such as a comparison's other lanes, is even read.
    static let writesPerTurn = 256

    private func playNextSteps(context: ChannelHandlerContext) {
        var writes = 0
        while let step = remainingSteps.popFirst() {
            switch step {
            case .head(let status, let headers):
                var httpHeaders = HTTPHeaders(headers)
                if !keepAlive { httpHeaders.replaceOrAdd(name: "connection", value: "close") }
                let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status),
                                            headers: httpHeaders)
                context.write(wrapOutboundOut(.head(head)), promise: nil)

            case .write(let text, let contentTokens):
                let buffer = context.channel.allocator.buffer(string: text)
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
                if contentTokens > 0, let statsModel { ledger.streamed(tokens: contentTokens, model: statsModel) }
                if mustYield(afterWrite: &writes, context: context) { return }

            case .repeated(let buffer, let times):
                guard times > 0 else { continue }
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
                if times > 1 { remainingSteps.insert(.repeated(buffer, times: times - 1), at: remainingSteps.startIndex) }
                if mustYield(afterWrite: &writes, context: context) { return }

            case .pause(let seconds):
                // Saturated: a pause is a sum of scripted times (1 / tps of a tiny tps, say).
                let delay = TimeAmount.nanoseconds(Int64((seconds >= 0 ? min(seconds, 1e9) : 0) * 1_000_000_000))
                pendingStep = context.eventLoop.assumeIsolated().scheduleTask(in: delay) {
                    self.pendingStep = nil
                    self.playNextSteps(context: context)
                }
                return

            case .end(let completed):
                if completed, let statsModel, let usage { ledger.completed(model: statsModel, usage: usage) }
                finishResponse()
                let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
                if !keepAlive {
                    written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
                }
                return

            case .hang:
                context.flush()
                return

            case .drop:
                finishResponse()
                context.close(promise: nil)
                return
            }
        }
    }

    /// After a write: stop when the client is not reading (back-pressure: an unpaced stream waits
    /// for a slow reader instead of buffering its whole answer in memory), or give the event loop
    /// back for a moment every `writesPerTurn` writes.
    private func mustYield(afterWrite writes: inout Int, context: ChannelHandlerContext) -> Bool {
        if !context.channel.isWritable {
            waitingForReader = true
            return true
        }
        writes += 1
        guard writes == Self.writesPerTurn else { return false }
        pendingStep = context.eventLoop.assumeIsolated().scheduleTask(in: .microseconds(20)) {
            self.pendingStep = nil
            self.playNextSteps(context: context)
        }
        return true
    }

    private func finishResponse() {
        guard responseActive else { return }
        responseActive = false
        ledger.responseEnded()
    }

    private func stopPlaying() {
        pendingStep?.cancel()
        pendingStep = nil
        waitingForReader = false
        remainingSteps = []
        finishResponse()
    }
}
