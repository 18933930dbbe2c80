import Testing
import ParleyGateway

@Suite struct ModelRefTests {
    @Test func aChainSplitsOnCommas() {
        #expect(ModelRef.splitChain("demo:broken,demo:fast") == ["demo:broken", "demo:fast"])
        #expect(ModelRef.splitChain("a,,b,") == ["a", "b"])
    }

    @Test func simulatorParametersStayWithTheirModel() {
        #expect(ModelRef.splitChain("demo:broken,stream@tps=0,ttft=0,demo:fast")
                == ["demo:broken", "stream@tps=0,ttft=0", "demo:fast"])
        // Without `@` a `key=value` piece is a model name of its own (whatever it means).
        #expect(ModelRef.splitChain("a,x=1") == ["a", "x=1"])
        // A provider-prefixed name is never a parameter.
        #expect(ModelRef.splitChain("slow@tps=5,demo:x=1") == ["slow@tps=5", "demo:x=1"])
    }
}
