import Testing
@testable import ParleyTerminal

@Suite("FramePacer")
struct FramePacerTests {
    private func ms(_ n: Int) -> Duration { .milliseconds(n) }

    @Test("idle: no frame and no timeout")
    func idle() {
        var pacer = FramePacer()
        #expect(pacer.timeout(at: ms(0)) == nil)
        let drew1 = pacer.shouldDraw(at: ms(0))
        #expect(!drew1)
    }

    @Test("the first change draws at once; then idle again")
    func firstFrame() {
        var pacer = FramePacer()
        pacer.markDirty()
        #expect(pacer.timeout(at: ms(5)) == .zero)
        let drew2 = pacer.shouldDraw(at: ms(5))
        #expect(drew2)
        #expect(pacer.timeout(at: ms(5)) == nil)
        let drew3 = pacer.shouldDraw(at: ms(6))
        #expect(!drew3)
    }

    @Test("a change within 16 ms of the last frame is scheduled, not drawn")
    func coalescing() {
        var pacer = FramePacer()
        pacer.markDirty()
        let drew4 = pacer.shouldDraw(at: ms(100))
        #expect(drew4)
        pacer.markDirty()
        let drew5 = pacer.shouldDraw(at: ms(104))
        #expect(!drew5)
        #expect(pacer.timeout(at: ms(104)) == ms(12))
        pacer.markDirty()
        let drew6 = pacer.shouldDraw(at: ms(110))
        #expect(!drew6)
        #expect(pacer.timeout(at: ms(110)) == ms(6))
        let drew7 = pacer.shouldDraw(at: ms(116))
        #expect(drew7)
        #expect(pacer.lastFrame == ms(116))
    }

    @Test("a change long after the last frame draws at once")
    func lateChange() {
        var pacer = FramePacer()
        pacer.markDirty()
        let drew8 = pacer.shouldDraw(at: ms(0))
        #expect(drew8)
        pacer.markDirty()
        #expect(pacer.timeout(at: ms(500)) == .zero)
        let drew9 = pacer.shouldDraw(at: ms(500))
        #expect(drew9)
    }

    @Test("a token every millisecond for a second makes about 60 frames")
    func streamingRate() {
        var pacer = FramePacer()
        var frames = 0
        for t in 0..<1000 {
            pacer.markDirty()
            if pacer.shouldDraw(at: ms(t)) { frames += 1 }
        }
        #expect((59...64).contains(frames))
    }
}

@Suite("PollWaiter timeouts")
struct PollTimeoutTests {
    @Test("none blocks; durations round up to whole milliseconds")
    func milliseconds() {
        #expect(PollWaiter.milliseconds(nil) == -1)
        #expect(PollWaiter.milliseconds(.zero) == 0)
        #expect(PollWaiter.milliseconds(.milliseconds(-3)) == 0)
        #expect(PollWaiter.milliseconds(.microseconds(1)) == 1)
        #expect(PollWaiter.milliseconds(.milliseconds(16)) == 16)
        #expect(PollWaiter.milliseconds(.microseconds(15_200)) == 16)
        #expect(PollWaiter.milliseconds(.seconds(2)) == 2000)
    }
}
