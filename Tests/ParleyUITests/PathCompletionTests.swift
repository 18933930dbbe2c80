import Foundation
import ParleyModel
import Testing
@testable import ParleyUI

/// Tab after `/attach `: the completion is pure over a listing; the chat asks for the listing
/// and applies it only to the draft it was asked for.
@Suite struct PathCompletionTests {
    private let entries: [PathCompletion.Entry] = [
        .init(name: "notes", isDirectory: true), .init(name: "notes.txt", isDirectory: false),
        .init(name: "photo.png", isDirectory: false), .init(name: ".hidden", isDirectory: false),
        .init(name: "Notebook.md", isDirectory: false),
    ]

    @Test func oneMatchIsCompletedAndADirectoryGetsItsSlash() {
        #expect(PathCompletion.complete("ph", entries: entries) == .completed("photo.png", candidates: []))
        #expect(PathCompletion.complete("docs/ph", entries: entries) == .completed("docs/photo.png", candidates: []))
        #expect(PathCompletion.complete("~/N", entries: entries) == .completed("~/Notebook.md", candidates: []),
                "case matters, as in the shell")
        let onlyDirectory = [PathCompletion.Entry(name: "src", isDirectory: true)]
        #expect(PathCompletion.complete("s", entries: onlyDirectory) == .completed("src/", candidates: []))
    }

    @Test func severalMatchesCompleteToTheirCommonPrefixAndAreListed() {
        #expect(PathCompletion.complete("no", entries: entries) == .completed("notes", candidates: ["notes/", "notes.txt"]))
        #expect(PathCompletion.complete("", entries: entries)
                == .completed("", candidates: ["Notebook.md", "notes/", "notes.txt", "photo.png"]), "hidden files need a dot")
        #expect(PathCompletion.complete(".h", entries: entries) == .completed(".hidden", candidates: []))
        #expect(PathCompletion.complete("zz", entries: entries) == .noMatch)
        #expect(PathCompletion.complete("x", entries: []) == .noMatch)
    }

    @Test func aLongListingIsCut() {
        let many = (1...20).map { "f\($0)" }
        #expect(PathCompletion.listing(many).hasSuffix("  … 8 more"))
        #expect(PathCompletion.listing(["a", "b"]) == "a  b")
    }

    @Test func tabAfterAttachAsksForTheListingAndElsewhereIndents() {
        var s = makeState(width: 120, height: 10)
        s.type("/attach notes/to")
        #expect(s.press(.tab) == [.listDirectory(typed: "notes/to")])
        #expect(s.editor.text == "/attach notes/to", "nothing changes before the listing arrives")
        var plain = makeState(width: 120, height: 10)
        plain.type("hello")
        #expect(plain.press(.tab).isEmpty)
        #expect(plain.editor.text == "hello    ")
        var moved = makeState(width: 120, height: 10)
        moved.type("/attach ab")
        moved.press(.left)
        #expect(moved.press(.tab).isEmpty, "the cursor is not at the end: Tab indents")
    }

    @Test func theListingCompletesTheDraftItWasAskedFor() {
        var s = makeState(width: 160, height: 10)
        s.type("/attach notes/no")
        _ = s.press(.tab)
        _ = reduce(&s, .directoryListed(typed: "notes/no", entries: entries))
        #expect(s.editor.text == "/attach notes/notes")
        #expect(s.notice?.text == "notes/  notes.txt")
        s.type(".")
        _ = reduce(&s, .directoryListed(typed: "notes/notes.", entries: entries))
        #expect(s.editor.text == "/attach notes/notes.txt")

        // A listing for a draft that changed since is dropped.
        s.type("x")
        _ = reduce(&s, .directoryListed(typed: "notes/notes.txt", entries: entries))
        #expect(s.editor.text == "/attach notes/notes.txtx")

        _ = reduce(&s, .directoryListed(typed: "notes/notes.txtx", entries: entries))
        #expect(s.notice?.isError == true && s.notice?.text == "no file starts with notes/notes.txtx")
        _ = reduce(&s, .directoryListed(typed: "notes/notes.txtx", entries: nil))
        #expect(s.notice?.text == "cannot list notes/")
    }
}
