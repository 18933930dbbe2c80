import Foundation
import ParleyModel
import Testing
@testable import ParleyUI

/// `/set`, `/role`, `/attach` and the context guard: what they ask of the runtime, what the
/// status bar shows, and what goes into the messages sent.
@Suite struct ChatShapeTests {
    private func run(_ s: inout AppState, _ line: String) -> [Command] {
        s.type(line)
        return s.press(.enter)
    }

    private func sentMessages(_ commands: [Command]) -> [ChatMessage]? {
        commands.lazy.compactMap { command -> [ChatMessage]? in
            if case .send(_, let messages, _, _, _) = command { return messages }
            return nil
        }.first
    }

    private let reviewer = PromptRole(name: "reviewer", system: "You review code tersely.", chain: [slow],
                                      parameters: RequestParameters(temperature: 0.2, maxTokens: 800), effort: .low)

    @Test func setChangesTheParametersAndShowsThem() {
        var s = makeState(width: 100, height: 8)
        #expect(run(&s, "/set temperature 0.3") == [.setParameters(RequestParameters(temperature: 0.3))])
        #expect(run(&s, "/set max_tokens 500") == [.setParameters(RequestParameters(temperature: 0.3, maxTokens: 500))])
        #expect(render(s).trimmedRows.last?.contains("temperature 0.3 · max_tokens 500") == true)
        _ = run(&s, "/set")
        #expect(s.notice?.text.contains("parameters: temperature 0.3 · max_tokens 500") == true)
        #expect(run(&s, "/set temperature default") == [.setParameters(RequestParameters(maxTokens: 500))])
        #expect(!(render(s).trimmedRows.last ?? "").contains("temperature"))
    }

    @Test func setRefusesValuesOutOfRange() {
        var s = makeState(width: 100, height: 8)
        for line in ["/set temperature 2.5", "/set temperature warm", "/set max_tokens 0", "/set max_tokens lots",
                     "/set top_p 0.9", "/set temperature"] {
            #expect(run(&s, line) == [], "\(line)")
            #expect(s.notice?.isError == true, "\(line)")
        }
        #expect(s.shape.parameters.isEmpty)
        _ = run(&s, "/set temperature 9")
        #expect(s.notice?.text.contains("between 0 and 2") == true)
    }

    @Test func aRoleSetsPromptModelParametersAndEffortAndIsRemembered() throws {
        var s = makeState(width: 110, height: 8)
        s.shape.roles = ["reviewer": reviewer]
        let commands = run(&s, "/role reviewer")
        #expect(commands.contains(.remember(.role("reviewer"))))
        #expect(commands.contains(.setParameters(RequestParameters(temperature: 0.2, maxTokens: 800))))
        #expect(commands.contains(.setEffort(.low)))
        #expect(s.currentModel == slow)
        #expect(render(s).trimmedRows.last?.contains("role reviewer") == true)

        let messages = try #require(sentMessages(run(&s, "look at this")))
        #expect(messages.first == ChatMessage(role: .system, content: "You review code tersely."))

        // /set wins over the role, field by field.
        #expect(run(&s, "/set temperature 1") == [.setParameters(RequestParameters(temperature: 1, maxTokens: 800))])

        // /new keeps the role.
        _ = run(&s, "/new")
        #expect(s.shape.role?.name == "reviewer" && s.systemPrompt == reviewer.system)

        let off = run(&s, "/role off")
        #expect(off.contains(.remember(.role(nil))) && off.contains(.setEffort(nil)))
        #expect(off.contains(.setParameters(RequestParameters(temperature: 1))))
        #expect(s.systemPrompt == nil && s.currentModel == slow)
        #expect(!(render(s).trimmedRows.last ?? "").contains("role"))
    }

    @Test func roleListsAndRefusesUnknownNames() {
        var s = makeState(width: 110, height: 8)
        _ = run(&s, "/role")
        #expect(s.notice?.text.contains("no roles in the config") == true)
        s.shape.roles = ["reviewer": reviewer]
        _ = run(&s, "/role")
        #expect(s.notice?.text.contains("roles: reviewer") == true)
        #expect(run(&s, "/role poet") == [])
        #expect(s.notice?.isError == true && s.notice?.text.contains("roles: reviewer") == true)
    }

    @Test func aSystemPromptIsShownInTheStatusBar() {
        var s = makeState(width: 100, height: 8)
        _ = run(&s, "/system Be brief.")
        #expect(render(s).trimmedRows.last?.contains("· system prompt") == true)
    }

    @Test func anAttachmentIsPendingUntilTheNextMessageCarriesIt() throws {
        var s = makeState(width: 100, height: 8)
        #expect(run(&s, "/attach notes/todo list.txt") == [.readAttachment(path: "notes/todo list.txt")])
        _ = reduce(&s, .attachmentRead(Attachment(name: "todo list.txt", text: "buy milk\n")))
        #expect(render(s).trimmedRows.last?.contains("attached todo list.txt") == true)
        _ = run(&s, "/attach")
        #expect(s.notice?.text.contains("attached to the next message: todo list.txt") == true)

        let messages = try #require(sentMessages(run(&s, "what is on it?")))
        #expect(messages.last?.content == "File: todo list.txt\n```txt\nbuy milk\n```\n\nwhat is on it?")
        #expect(s.shape.attachments.isEmpty)
        #expect(!(render(s).trimmedRows.last ?? "").contains("attached"))

        _ = reduce(&s, .attachmentRead(Attachment(name: "a.txt", text: "x")))
        _ = run(&s, "/detach")
        #expect(s.shape.attachments.isEmpty)
    }

    @Test func theContextGuardStopsALongConversationAndOffersTheRecentTurns() throws {
        var s = makeState(width: 120, height: 10)   // demo:fast takes 8192 tokens
        s.editor.setText(String(repeating: "old question ", count: 1500))   // ~4900 tokens
        #expect(sentMessages(s.press(.enter)) != nil)
        s.answer(try #require(s.activeRequest), ["old answer"])
        let long = String(repeating: "new words ", count: 1000)                  // ~2500 tokens
        s.editor.setText(long)
        #expect(sentMessages(s.press(.enter)) == nil)
        #expect(s.notice?.isError == true && s.notice?.text.contains("Enter again sends only the most recent turns") == true)
        #expect(s.editor.text == long)   // the draft is kept

        let messages = try #require(sentMessages(s.press(.enter)))
        let request = try #require(s.activeRequest)
        #expect(messages.map(\.role) == [.user])
        #expect(messages.last?.content == long)
        s.answer(request, ["ok"])

        // The cut was for that send only: the next message is stopped again, never cut silently.
        #expect(sentMessages(run(&s, "short")) == nil)
        #expect(s.notice?.text.contains("Enter again") == true)
    }
}

extension ChatShapeTests {
    @Test func aSingleMessageTooLongAloneIsSentWholeOnlyWhenConfirmed() throws {
        var s = makeState(width: 160, height: 10)
        let huge = String(repeating: "x", count: 40_000)
        s.editor.setText(huge)
        #expect(s.press(.enter).isEmpty)
        #expect(s.notice?.text.contains("even this message alone is too long: Enter again sends it anyway") == true)
        let messages = s.press(.enter).compactMap { command -> [ChatMessage]? in
            if case .send(_, let messages, _, _, _) = command { return messages }
            return nil
        }.first
        #expect(messages?.last?.content == huge)
    }
}

extension ChatShapeTests {
    /// The status bar with everything on, and a hostile file name made harmless in it.
    @Test func statusBarSnapshotWithRoleParametersAndAttachment() {
        var s = makeState(width: 130, height: 6)
        s.shape.roles = ["reviewer": PromptRole(name: "reviewer", system: "S", parameters: RequestParameters(maxTokens: 800))]
        _ = run(&s, "/role reviewer")
        _ = run(&s, "/set temperature 0.7")
        _ = reduce(&s, .attachmentRead(Attachment(name: Attachment.displayName("dir/a\u{1B}[31mb.txt"), text: "x")))
        #expect(render(s).trimmedRows.last
                == " demo:fast · role reviewer · temperature 0.7 · max_tokens 800 · attached a^[[31mb.txt  │ idle │ chat 0 tok $0 │ today 0 tok $0")
    }
}

/// Ollama cuts a conversation longer than its window without a word; the chat asks it for the
/// window it really runs the model with, and the guard warns against that one.
@Suite struct LocalWindowGuardTests {
    private let llama = ModelRef(provider: "ollama", model: "llama3.2")
    private let smallWindow = LocalModelFacts(server: .ollama, contextWindow: 1024, windowSource: .modelfile,
                                              trainedLength: 131_072)

    private func ollamaState() -> AppState {
        var s = AppState(model: llama, catalogue: [llama: ModelInfo(id: "llama3.2", contextLength: 131_072)],
                         theme: .monochrome, width: 160, height: 10, timeZone: .utc)
        s.localFactsProviders = ["ollama"]
        return s
    }

    @Test func modelsOfLocalProvidersAreAskedAboutOnceAndOthersNever() {
        var s = ollamaState()
        #expect(s.localFactsRequests() == [.learnLocalFacts([llama])])
        #expect(s.type("hi").isEmpty, "asked once a session")
        let other = ModelRef(provider: "ollama", model: "qwen3")
        s.currentModel = other
        s.fallbacks = [llama, fast]
        #expect(reduce(&s, .tick) == [.learnLocalFacts([other])], "a switch asks about the new model only; demo is not local")
        var cloud = makeState()
        #expect(cloud.localFactsRequests().isEmpty)
    }

    @Test func aConversationOverOllamasWindowIsStoppedWithTheSilentTruncationNamed() throws {
        var s = ollamaState()
        _ = s.localFactsRequests()
        let long = String(repeating: "many words ", count: 400)   // ~1100 tokens: fits 131072, not 1024
        s.editor.setText(long)
        #expect(s.press(.enter).contains { if case .send = $0 { return true } else { return false } },
                "before Ollama answers, the catalogue's length stands and nothing waits")
        s.answer(try #require(s.activeRequest), ["ok"])

        _ = reduce(&s, .localFactsLearned(llama, smallWindow))
        s.editor.setText(long)
        #expect(s.press(.enter).isEmpty)
        let notice = try #require(s.notice?.text)
        #expect(notice.hasPrefix("Ollama would truncate this conversation silently: it is about "), "\(notice)")
        #expect(notice.contains("Ollama runs ollama:llama3.2 with a window of 1024 (num_ctx in its Modelfile)"), "\(notice)")
        #expect(notice.contains("Enter again"))
        #expect(s.editor.text == long)
    }

    @Test func theRecentTurnsOfferFitsTheLocalWindow() throws {
        var s = ollamaState()
        _ = s.localFactsRequests()
        _ = reduce(&s, .localFactsLearned(llama, LocalModelFacts(server: .ollama, contextWindow: 2048, windowSource: .loaded)))
        s.editor.setText(String(repeating: "first turn ", count: 300))   // ~830 tokens
        _ = s.press(.enter)
        s.answer(try #require(s.activeRequest), ["answer"])
        let next = String(repeating: "second ", count: 500)               // ~880 tokens: 1710 > 1536
        s.editor.setText(next)
        #expect(s.press(.enter).isEmpty)
        #expect(s.notice?.text.contains("Ollama would truncate this conversation silently") == true)
        #expect(s.notice?.text.contains("with a window of 2048 (as loaded now)") == true)
        let messages = s.press(.enter).compactMap { command -> [ChatMessage]? in
            if case .send(_, let messages, _, _, _) = command { return messages }
            return nil
        }.first
        #expect(messages?.map(\.content) == [next])
    }

    @Test func thePickerShowsTheWindowTheServerRunsWith() {
        var s = ollamaState()
        _ = reduce(&s, .localFactsLearned(llama, smallWindow))
        s.catalogue[ModelRef(provider: "llamacpp", model: "q.gguf")] = ModelInfo(id: "q.gguf", contextLength: 32_768, contextLengthIsTrained: true)
        s.width = 160
        s.height = 20
        s.press(.ctrl("o"))
        let screen = render(s).trimmedRows.joined(separator: "\n")
        #expect(screen.contains("1k window"), "\(screen)")
        #expect(screen.contains("33k trained ctx"), "\(screen)")
    }

    private func run(_ s: inout AppState, _ line: String) -> [Command] {
        s.type(line)
        return s.press(.enter)
    }
}

/// `/attach photo.png`: the image goes with the message as a content part to a model that takes
/// images, and is refused (draft and attachment kept) for one not known to.
@Suite struct ImageAttachTests {
    private let dot = Attachment(name: "photo.png", text: "", image: ImagePart(mediaType: "image/png", base64: "iVBORw0KGgo="))

    private func sent(_ commands: [Command]) -> [ChatMessage]? {
        commands.lazy.compactMap { command -> [ChatMessage]? in
            if case .send(_, let messages, _, _, _) = command { return messages }
            return nil
        }.first
    }

    @Test func anImageIsRefusedForAModelNotKnownToTakeImages() {
        var s = makeState(width: 160, height: 10)   // demo:fast: the catalogue says nothing of images
        _ = reduce(&s, .attachmentRead(dot))
        #expect(s.notice?.text == "attached photo.png (image/png, 8 bytes) — it goes with the next message")
        s.type("what is this?")
        #expect(sent(s.press(.enter)) == nil)
        #expect(s.notice?.isError == true)
        #expect(s.notice?.text == "cannot attach photo.png: demo:fast is not known to accept images (its catalogue does not say it takes image input) — /detach drops the attachments")
        #expect(s.editor.text == "what is this?" && s.shape.attachments == [dot])
    }

    @Test func anImageGoesAsAPartToAModelThatTakesImagesAndStaysInTheThread() throws {
        var s = makeState(width: 160, height: 10)
        s.catalogue[fast]?.acceptsImages = true
        _ = reduce(&s, .attachmentRead(dot))
        s.type("what is this?")
        let first = try #require(sent(s.press(.enter)))
        #expect(first.last == ChatMessage(role: .user, content: "Image: photo.png\n\nwhat is this?", images: [dot.image!]))
        #expect(s.shape.attachments.isEmpty)
        s.answer(try #require(s.activeRequest), ["a dot"])
        s.type("and its colour?")
        let second = try #require(sent(s.press(.enter)))
        #expect(second.map(\.images.count) == [1, 0, 0], "the image stays in the conversation sent")
        s.answer(try #require(s.activeRequest), ["red"])
        // Ollama's word wins over the catalogue's; a model not known to take images gets the
        // thread without them (the text still names the image).
        _ = reduce(&s, .localFactsLearned(fast, LocalModelFacts(server: .ollama, acceptsImages: false)))
        #expect(s.acceptsImages(fast) == false)
        s.type("thanks")
        let third = try #require(sent(s.press(.enter)))
        #expect(third.allSatisfy { $0.images.isEmpty } && third.first?.content == "Image: photo.png\n\nwhat is this?")
    }

    /// Before the catalogues answer, nothing is known of any model: Enter holds the message
    /// (draft and image kept) and it goes by itself when they answer, or is refused then.
    @Test func aMessageWithAnImageWaitsForTheCataloguesAndGoesWhenTheyAnswer() throws {
        var s = AppState(model: fast, width: 160, height: 10, timeZone: .utc, idSeed: seed)
        #expect(!s.catalogueIsKnown)
        _ = reduce(&s, .attachmentRead(dot))
        s.type("what is this?")
        #expect(sent(s.press(.enter)) == nil)
        #expect(s.notice?.isError == false)
        #expect(s.notice?.text == "waiting for the model lists to say whether demo:fast takes images: the message goes when they answer")
        #expect(s.editor.text == "what is this?" && s.shape.attachments == [dot])

        var answered = catalogue
        answered[fast]?.acceptsImages = true
        let going = try #require(sent(reduce(&s, .catalogueLoaded(answered))))
        #expect(going.last == ChatMessage(role: .user, content: "Image: photo.png\n\nwhat is this?", images: [dot.image!]))
        #expect(s.editor.text.isEmpty && s.shape.attachments.isEmpty)
    }

    @Test func aHeldMessageIsRefusedWhenTheCatalogueSaysNothingOfImagesAndLeftAloneWhenEdited() {
        var s = AppState(model: fast, width: 160, height: 10, timeZone: .utc, idSeed: seed)
        _ = reduce(&s, .attachmentRead(dot))
        s.type("what is this?")
        s.press(.enter)
        #expect(sent(reduce(&s, .catalogueLoaded(catalogue))) == nil)
        #expect(s.notice?.isError == true)
        #expect(s.notice?.text.hasPrefix("cannot attach photo.png: demo:fast is not known to accept images") == true)
        #expect(s.editor.text == "what is this?" && s.shape.attachments == [dot])

        // Edited while held: the catalogue's arrival sends nothing; the user sends when ready.
        var t = AppState(model: fast, width: 160, height: 10, timeZone: .utc, idSeed: seed)
        _ = reduce(&t, .attachmentRead(dot))
        t.type("what is this?")
        t.press(.enter)
        t.type(" Be brief.")
        var answered = catalogue
        answered[fast]?.acceptsImages = true
        #expect(sent(reduce(&t, .catalogueLoaded(answered))) == nil)
        #expect(t.editor.text == "what is this? Be brief.")
        #expect(sent(t.press(.enter))?.last?.images == [dot.image!])
    }

    /// A message long enough that it might not fit waits for the window too; Enter again sends
    /// it with what is known now; a short one never waits.
    @Test func aLongMessageWaitsForTheWindowAndEnterAgainSendsItNow() throws {
        var s = AppState(model: fast, width: 160, height: 10, timeZone: .utc, idSeed: seed)
        #expect(s.send("hello") != nil, "a short message does not wait")
        s.answer(try #require(s.activeRequest), ["hi"])
        let long = String(repeating: "word ", count: 1000)
        s.type(long)
        #expect(sent(s.press(.enter)) == nil)
        #expect(s.notice?.text == "waiting for the model lists to say how long a conversation demo:fast takes: the message goes when they answer (Enter sends it now)")
        let now = try #require(sent(s.press(.enter)))
        #expect(now.last?.content == long)
        #expect(s.shape.heldForCatalogue == nil && s.editor.text.isEmpty)
    }

    @Test func theQuestionOfAMessageWithAnImageIsItsText() {
        #expect(Attachment.question(of: Attachment.message("what is this?", attachments: [dot])) == "what is this?")
    }
}
