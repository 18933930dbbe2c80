import Foundation
import ParleyModel
import Testing
@testable import ParleyUI

/// Every way the user changes the model, chain, route, theme or effort asks the runtime to
/// remember it for the next chat; a refused change asks nothing.
@Suite struct RememberTests {
    private func run(_ s: inout AppState, _ line: String) -> [Command] {
        s.type(line)
        return s.press(.enter)
    }

    @Test func theModelIsRememberedWithTheChainItHeads() {
        var s = makeState()
        #expect(run(&s, "/fallback demo:slow demo:fast") == [.remember(.chain([slow, fast]))])
        // /model replaces the head and keeps the fallbacks: the whole chain is remembered.
        #expect(run(&s, "/model sonnet") == [.remember(.chain([claude, fast]))])
        #expect(run(&s, "/fallback off") == [.remember(.chain([claude]))])
    }

    @Test func switchingFavouritesByKeyIsRemembered() {
        var s = makeState()
        #expect(s.press(.ctrl("n")) == [.remember(.chain([slow]))])
        #expect(s.press(.ctrl("p")) == [.remember(.chain([fast]))])
    }

    @Test func aChainMarkedInThePickerIsRemembered() {
        var s = makeState()
        _ = s.press(.ctrl("o"))
        s.type("gpt4")
        _ = s.press(.tab)
        _ = s.press(.ctrl("u"))
        s.type("sonnet")
        _ = s.press(.tab)
        #expect(s.press(.enter) == [.remember(.chain([gpt, claude]))])
    }

    @Test func refusedChangesAreNotRemembered() {
        var s = makeState()
        #expect(run(&s, "/route sideways") == [])
        #expect(run(&s, "/effort extreme") == [])
        #expect(run(&s, "/model") == [])
    }
}
