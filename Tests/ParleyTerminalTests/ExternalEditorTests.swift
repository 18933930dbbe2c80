import Foundation
import Testing
import ParleyUI
@testable import ParleyTerminal

/// The external editor through a real `/bin/sh`, with scripts standing in for vi.
@Suite struct ExternalEditorTests {
    private func script(_ body: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-editor-\(UUID().uuidString).sh").path
        try ("#!/bin/sh\n" + body).write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    @Test func theEditorSeesTheDraftAndWhatItWritesComesBack() throws {
        let seen = FileManager.default.temporaryDirectory.appendingPathComponent("seen-\(UUID().uuidString)").path
        let editor = try script("cp \"$1\" \(seen); printf 'rewritten\\n' > \"$1\"\n")
        defer { unlink(editor); unlink(seen) }
        let outcome = ExternalEditor.edit("the draft", environment: ["EDITOR": editor])
        #expect(outcome == .edited("rewritten\n"))
        #expect(FileManager.default.contents(atPath: seen).map { String(decoding: $0, as: UTF8.self) } == "the draft")
    }

    @Test func visualWinsOverEditorAndArgumentsWork() throws {
        let editor = try script("printf '%s' \"$1\" > /dev/null; printf 'from %s' \"$0\" > \"$2\"\n")
        defer { unlink(editor) }
        // `$VISUAL` with an argument: the shell splits it, the file comes last.
        let outcome = ExternalEditor.edit("", environment: ["VISUAL": "\(editor) --wait", "EDITOR": "false"])
        #expect(outcome == .edited("from \(editor)"))
        #expect(ExternalEditor.command(environment: [:]) == "vi")
        #expect(ExternalEditor.command(environment: ["EDITOR": "nano", "VISUAL": " "]) == "nano")
    }

    @Test func aMissingOrFailingEditorIsAFailureThatNamesIt() throws {
        let missing = ExternalEditor.edit("x", environment: ["EDITOR": "no-such-editor-here"])
        #expect(missing == .failed("no editor: 'no-such-editor-here' was not found (set $VISUAL or $EDITOR)"))
        let failing = ExternalEditor.edit("x", environment: ["EDITOR": "false"])
        #expect(failing == .failed("the editor (false) ended with status 1"))
    }

    @Test func theDraftFileIsPrivateAndRemovedAfterwards() throws {
        let record = FileManager.default.temporaryDirectory.appendingPathComponent("mode-\(UUID().uuidString)").path
        let editor = try script("stat -c %a \"$1\" > \(record); echo \"$1\" >> \(record)\n")
        defer { unlink(editor); unlink(record) }
        _ = ExternalEditor.edit("secret draft", environment: ["EDITOR": editor])
        let lines = String(decoding: FileManager.default.contents(atPath: record) ?? Data(), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        #expect(lines.first == "600")
        #expect(lines.count == 2 && !FileManager.default.fileExists(atPath: lines[1]))
    }
}

@Suite struct ClipboardTests {
    @Test func theSequenceIsOSC52WithTheTextInBase64AndNothingElseRaw() {
        let text = "hi \u{1b}]0;title\u{07} there"
        let bytes = Clipboard.sequence(for: text)
        let string = String(decoding: bytes, as: UTF8.self)
        #expect(string.hasPrefix("\u{1b}]52;c;") && string.hasSuffix("\u{1b}\\"))
        let payload = string.dropFirst("\u{1b}]52;c;".count).dropLast(2)
        #expect(Data(base64Encoded: String(payload)).map { String(decoding: $0, as: UTF8.self) } == text)
        // Only the framing is a control byte: the model's escape travels encoded.
        #expect(bytes.filter { $0 < 0x20 }.count == 2)
    }

    @Test func whereOSC52CannotWorkItSaysSo() {
        #expect(Clipboard.problem(environment: ["TERM": "xterm-256color"], text: "x", tmuxClipboard: { nil }) == nil)
        #expect(Clipboard.problem(environment: ["TERM": "linux"], text: "x")?.contains("/export") == true)
        let huge = String(repeating: "a", count: Clipboard.maximumBytes + 1)
        #expect(Clipboard.problem(environment: ["TERM": "xterm"], text: huge)?.contains("too much") == true)
        let tmux = ["TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0"]
        #expect(Clipboard.problem(environment: tmux, text: "x", tmuxClipboard: { "external" })?
            .contains("tmux set -s set-clipboard on") == true)
        #expect(Clipboard.problem(environment: tmux, text: "x", tmuxClipboard: { "on" }) == nil)
    }
}
