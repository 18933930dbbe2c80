import ParleyModel

/// Keys, pastes, resizes and the mouse wheel.
extension AppState {
    mutating func handleInput(_ event: InputEvent) -> [Command] {
        switch event {
        case .resize(let w, let h):
            width = max(0, w)
            height = max(0, h)
            return []
        case .scroll(let wheel):
            let lines = max(-10_000, min(10_000, wheel))   // no overflow from a silly value
            switch overlay {
            case .picker(var picker)?:
                picker.move(by: lines)
                overlay = .picker(picker)
            case .history(var history)?:
                let last = max(0, shown(history).count - 1)
                history.selected = max(0, min(last, min(history.selected, last) + lines))
                overlay = .history(history)
            case .search(var search)?:
                let last = max(0, (search.hits?.count ?? 0) - 1)
                search.selected = max(0, min(last, min(search.selected, last) + lines))
                overlay = .search(search)
            case .usage(let scroll)?:
                let limit = UsageView.scrollLimit(self)
                overlay = .usage(scroll: max(0, min(limit, min(scroll, limit) + lines)))
            case .help(let scroll)?:
                let limit = max(0, HelpView.lines(self).count - max(1, height - 4))
                overlay = .help(scroll: max(0, min(limit, min(scroll, limit) + lines)))
            case nil:
                scrollView(panes: -lines, chat: -lines)
            }
            return []
        case .paste(let text):
            if case .picker(var picker) = overlay {
                picker.query += text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
                picker.refresh(models: knownModels, favourites: favourites)
                overlay = .picker(picker)
            } else if case .history(var history) = overlay {
                pasteIntoHistory(text, history: &history)
                overlay = .history(history)
            } else if case .search(var search) = overlay {
                let commands = pasteIntoSearch(text, search: &search)
                overlay = .search(search)
                return commands
            } else {
                // One edit, never a send, however many newlines it holds.
                editor.insert(text)
                historyIndex = nil
            }
            return []
        case .key(.alt(let c)) where keymap.command(for: .alt(c), in: keyContext) == nil:
            // ncurses hands back Esc followed quickly by a key exactly like Alt with that key.
            // Unbound, it was Esc then the key: Esc out of a pane and then `/pick 5` must keep
            // its slash.
            return handleInput(.key(.escape)) + handleInput(.key(.character(c)))
        case .key(let key):
            if key != .ctrl("c") { quitArmed = false }
            if overlay != nil { return handleOverlayKey(key) }
            return handleKey(key)
        }
    }

    /// Where keys are read now: a comparison on screen with nothing typed puts the pane keys
    /// (Tab, Shift-Tab, Enter to pick) before the chat's.
    var keyContext: KeyContext {
        switch overlay {
        case .picker?: return .picker
        case .history?: return .history
        case .search?: return .search
        case .some: return .overlay
        case nil: return comparisonInView && editor.isEmpty ? .pane : .chat
        }
    }

    mutating func handleKey(_ key: Key) -> [Command] {
        // `?` on an empty editor opens help; anywhere else it is just a character.
        if key == .character("?"), editor.isEmpty {
            overlay = .help(scroll: 0)
            return []
        }
        if let command = keymap.command(for: key, in: keyContext) {
            return run(command)
        }
        // Unbound: a character is text; anything else does nothing.
        if case .character(let c) = key {
            editor.insert(c)
            historyIndex = nil
        }
        return []
    }

    /// Runs a named command of the keymap.
    mutating func run(_ command: KeyCommand) -> [Command] {
        switch command {
        case .send: return submit()
        case .newline: editor.insert("\n")
        case .interrupt:
            if isBusy { return cancelAll() }
            if quitArmed { wantsQuit = true; return [.quit] }
            quitArmed = true
            notice = Notice("press Ctrl-C again to quit")
        case .cancel:
            if isBusy { return cancelAll() }
            if comparisonInView, comparison?.zoomed == true {
                comparison?.zoomed = false
                return []
            }
            if comparisonInView, comparison?.focus != nil {
                // Unfocused, the panes scroll together and F8 stops every lane.
                comparison?.focus = nil
                return []
            }
            if historyIndex != nil {
                editor.setText(historyDraft)
                historyIndex = nil
            }
            notice = nil
            if cancelEdit() { return [] }
        case .quit:
            wantsQuit = true
            return [.quit]
        case .retry: return retryLast()
        case .previousBranch: return stepBranch(by: -1)
        case .nextBranch: return stepBranch(by: 1)
        case .nextModel: return cycleFavourite(by: 1)
        case .previousModel: return cycleFavourite(by: -1)
        case .openPicker:
            openPicker()
            // An empty catalogue is fetched on first use; the picker refreshes when it arrives.
            if catalogue.isEmpty { return [.loadCatalogue] }
        case .toggleLog: showLog.toggle()
        case .toggleReasoning: toggleReasoning()
        case .openEditor: return openExternalEditor()
        case .copyAnswer: return copyAnswer(block: nil)
        case .openSearch: return openSearch("")
        case .showUsage:
            overlay = .usage(scroll: 0)
            return [.loadUsage]
        case .help: overlay = .help(scroll: 0)
        case .scrollUp:
            // The focused pane scrolls alone; with none focused all panes scroll together, and
            // once every one shows its start the chat scrolls back to the earlier turns.
            scrollView(panes: panePageSize, chat: pageSize)
        case .scrollDown:
            scrollView(panes: -panePageSize, chat: -pageSize)
        case .scrollTop: scrollChatToTop()
        case .scrollBottom:
            followChat()
            if var c = comparison {
                for lane in c.scroll.indices where c.focus == nil || c.focus == lane { c.scroll[lane] = .following }
                comparison = c
            }
        case .nextPane, .previousPane:
            // Bound in the pane context: a comparison is on screen and nothing is typed.
            if comparisonInView { focusPane(by: command == .nextPane ? 1 : -1) }
        case .zoomPane: toggleZoom()
        case .pickAnswer:
            guard comparisonInView, let focus = comparison?.focus else {
                notice = Notice("focus a comparison pane first (\(keymap.hint(for: .nextPane) ?? "next_pane"))", isError: true)
                return []
            }
            return pickAnswer(focus)
        case .cancelPane: return cancelLane()
        case .wordLeft: editor.moveWordLeft()
        case .wordRight: editor.moveWordRight()
        case .lineStart: editor.moveToLineStart()
        case .lineEnd: editor.moveToLineEnd()
        case .deleteWord: editor.deleteWordBackward()
        case .killToStart: editor.killToLineStart()
        case .killToEnd: editor.killToLineEnd()
        case .cursorLeft: editor.moveLeft()
        case .cursorRight: editor.moveRight()
        case .moveUp:
            if !editor.moveVertically(by: -1, width: Layout.editorTextWidth(screenWidth: width)) { recallHistory(older: true) }
        case .moveDown:
            if !editor.moveVertically(by: 1, width: Layout.editorTextWidth(screenWidth: width)) { recallHistory(older: false) }
        case .deleteBackward: editor.backspace()
        case .deleteForward: editor.deleteForward()
        case .indent:
            // After `/attach `, Tab completes the file path (the runtime lists the directory).
            if let typed = attachPathBeingTyped { return [.listDirectory(typed: typed)] }
            editor.insert("    ")
            historyIndex = nil
        case .choose, .close, .mark, .compareMarked, .clearQuery, .deleteConversation, .renameConversation:
            break   // the picker's and the overlays' commands (see Reducer+Overlay, Reducer+History)
        }
        return []
    }

    /// Up on the first line walks back through sent messages; Down on the last walks forward
    /// and finally returns to what was being typed.
    mutating func recallHistory(older: Bool) {
        guard !inputHistory.isEmpty else { return }
        if older {
            if historyIndex == nil {
                historyDraft = editor.text
                historyIndex = inputHistory.count - 1
            } else if let i = historyIndex, i > 0 {
                historyIndex = i - 1
            } else {
                return
            }
        } else {
            guard let i = historyIndex else { return }
            if i + 1 < inputHistory.count {
                historyIndex = i + 1
            } else {
                historyIndex = nil
                editor.setText(historyDraft)
                return
            }
        }
        editor.setText(inputHistory[historyIndex!])
    }

    mutating func cycleFavourite(by step: Int) -> [Command] {
        guard !favourites.isEmpty else {
            notice = Notice("no favourite models configured — use /model or the picker (Ctrl-O)", isError: true)
            return []
        }
        let next: Int
        if let i = favourites.firstIndex(of: currentModel) {
            next = (i + step % favourites.count + favourites.count) % favourites.count
        } else {
            next = step > 0 ? 0 : favourites.count - 1
        }
        currentModel = favourites[next]
        compareSet = []
        notice = Notice("model: \(currentModel)")
        return [.remember(.chain(chain))]
    }

    mutating func openPicker() {
        var picker = PickerState()
        picker.refresh(models: knownModels, favourites: favourites)
        picker.selected = picker.rows.firstIndex { $0.model == currentModel } ?? 0
        overlay = .picker(picker)
    }
}
