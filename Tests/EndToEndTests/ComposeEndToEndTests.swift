import Foundation
import Testing

/// `/editor` and `/copy` in a real terminal: the editor gets the terminal and gives the draft
/// back; a copy lands in tmux's paste buffer through OSC 52.
@Suite("Compose and copy in the chat, end to end")
struct ComposeEndToEndTests {
    @Test func theEditorTakesTheTerminalAndItsTextBecomesTheDraft() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        // A stand-in for vi: shows it has the terminal, keeps what it was given, adds a line, and
        // holds the terminal until the test has seen it there (the file `go`; at most a minute).
        let editor = home.url.appendingPathComponent("editor.sh")
        let go = home.url.appendingPathComponent("go")
        try """
            #!/bin/sh
            echo "EDITOR RUNNING"
            { cat "$1"; printf ' and more from the editor\\n'; } > "$1.new" && mv "$1.new" "$1"
            i=0
            while [ ! -e '\(go.path)' ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i + 1)); done
            """.write(to: editor, atomically: true, encoding: .utf8)
        chmod(editor.path, 0o755)
        let environment = home.environment(["EDITOR": editor.path, "VISUAL": ""])
        let tui = try TmuxSession(command: [ParleyBinary.url.path, "-m", "demo:echo"], environment: environment)
        defer { tui.kill() }
        try await tui.waitFor("demo:echo")
        try tui.send("typed here", literal: true)
        try tui.send("C-g")
        try await tui.waitFor("EDITOR RUNNING")
        try Data().write(to: go)
        // Back in Parley: the whole screen is redrawn and the draft is the editor's text, unsent.
        let screen = try await tui.waitFor("typed here and more from the editor")
        #expect(screen.contains("draft from the editor"), "\(screen)")
        #expect(!screen.contains("EDITOR RUNNING"), "the chat is redrawn over the editor's output:\n\(screen)")
        try tui.send("Enter")
        try await tui.waitFor("◆ demo:echo")
    }

    @Test func copyPutsTheAnswerInTmuxsBufferOrSaysWhyItCannot() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let tui = try TmuxSession(command: [ParleyBinary.url.path, "-m", "demo:echo"], environment: home.environment())
        defer { tui.kill() }
        try await tui.waitFor("demo:echo")
        // tmux's default (external) drops OSC 52 from programs, and Parley says so.
        try tui.setServerOption("set-clipboard", "external")
        try tui.send("echoed back to be copied", literal: true)
        try tui.send("Enter")
        // The answer's header shows when it starts; copy once the fallback log says it is done.
        try await tui.waitFor("done:")
        try tui.send("/copy", literal: true)
        try tui.send("Enter")
        try await tui.waitFor("set-clipboard is external")

        try tui.setServerOption("set-clipboard", "on")
        try tui.send("/copy", literal: true)
        try tui.send("Enter")
        try await tui.waitFor("copied the answer")
        let copied = try await eventually { try tui.showBuffer() == "echoed back to be copied" }
        #expect(copied, "buffer: \((try? tui.showBuffer()) ?? "")")
    }
}
