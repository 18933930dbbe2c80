import ParleyGateway

/// Keys, pastes, resizes and the mouse wheel.
extension AppState {
    mutating func handleInput(_ event: InputEvent) -> [Command] {
        switch event {
        case .resize(let w, let h):
            width = max(0, w)
            height = max(0, h)
            clampScroll()
            return []
        case .scroll(let wheel):
            let lines = max(-10_000, min(10_000, wheel))   // no overflow from a silly value
            if case .picker(var picker) = overlay {
                picker.move(by: lines)
                overlay = .picker(picker)
            } else {
                scrollView(panes: -lines, chat: -lines)
            }
            return []
        case .paste(let text):
            if case .picker(var picker) = overlay {
                picker.query += text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
                picker.refresh(models: knownModels, favourites: favourites)
                overlay = .picker(picker)
            } else {
                // One edit, never a send, however many newlines it holds.
                editor.insert(text)
                historyIndex = nil
            }
            return []
        case .key(.alt(let c)) where keymap.command(for: .alt(c)) == nil:
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

    mutating func handleKey(_ key: Key) -> [Command] {
        // `?` on an empty editor opens help; anywhere else it is just a character.
        if key == .character("?"), editor.isEmpty {
            overlay = .help(scroll: 0)
            return []
        }
        if let command = keymap.command(for: key) {
            return run(command)
        }
        switch key {
        case .character(let c): editor.insert(c); historyIndex = nil
        case .tab: editor.insert("    ")
        case .backspace, .ctrl("h"): editor.backspace()
        case .delete, .ctrl("d"): editor.deleteForward()
        case .left, .ctrl("b"): editor.moveLeft()
        case .right, .ctrl("f"): editor.moveRight()
        case .up:
            if !editor.moveVertically(by: -1, width: Layout.editorTextWidth(screenWidth: width)) {
                recallHistory(older: true)
            }
        case .down:
            if !editor.moveVertically(by: 1, width: Layout.editorTextWidth(screenWidth: width)) {
                recallHistory(older: false)
            }
        default: break
        }
        return []
    }

    /// Runs a named command of the keymap.
    mutating func run(_ command: KeyCommand) -> [Command] {
        switch command {
        case .send:
            // Enter on an empty input picks the focused comparison answer.
            if editor.isEmpty, comparisonInView, let focus = comparison?.focus { return pickAnswer(focus) }
            return submit()
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
        case .quit:
            wantsQuit = true
            return [.quit]
        case .retry: return retryLast()
        case .nextModel: cycleFavourite(by: 1)
        case .previousModel: cycleFavourite(by: -1)
        case .openPicker:
            openPicker()
            // An empty catalogue is fetched on first use; the picker refreshes when it arrives.
            if catalogue.isEmpty { return [.loadCatalogue] }
        case .toggleLog: showLog.toggle(); clampScroll()
        case .toggleReasoning: toggleReasoning()
        case .showUsage:
            overlay = .usage
            return [.loadUsage]
        case .help: overlay = .help(scroll: 0)
        case .scrollUp:
            // The focused pane scrolls alone; with none focused all panes scroll together, and
            // once every one shows its start the chat scrolls back to the earlier turns.
            scrollView(panes: panePageSize, chat: pageSize)
        case .scrollDown:
            scrollView(panes: -panePageSize, chat: -pageSize)
        case .scrollTop: scroll(by: 1 << 40)
        case .scrollBottom:
            scrollOffset = 0
            hasUnseenText = false
            if var c = comparison {
                for lane in c.scroll.indices where c.focus == nil || c.focus == lane { c.scroll[lane] = .following }
                comparison = c
            }
        case .nextPane, .previousPane:
            // Only with a comparison on screen and nothing typed: otherwise Tab is four spaces.
            if comparisonInView, editor.isEmpty {
                focusPane(by: command == .nextPane ? 1 : -1)
            } else if command == .nextPane {
                editor.insert("    ")
                historyIndex = nil
            }
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

    mutating func cycleFavourite(by step: Int) {
        guard !favourites.isEmpty else {
            notice = Notice("no favourite models configured — use /model or the picker (Ctrl-O)", isError: true)
            return
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
    }

    mutating func openPicker() {
        var picker = PickerState()
        picker.refresh(models: knownModels, favourites: favourites)
        picker.selected = picker.rows.firstIndex { $0.model == currentModel } ?? 0
        overlay = .picker(picker)
    }

    // MARK: Scrolling

    var pageSize: Int { max(1, Layout(state: self).chat.height - 1) }

    /// A page of the focused comparison pane, or of the shortest pane when they scroll together.
    var panePageSize: Int {
        guard let c = comparison else { return pageSize }
        let panes = CompareView.paneRects(for: c, in: CompareView.paneArea(Layout(state: self).chat))
        let heights = (c.focus.map { [$0] } ?? Array(c.lanes.indices)).compactMap { panes[$0].map(CompareView.bodyHeight) }
        guard let shortest = heights.min() else { return pageSize }
        return max(1, shortest - 1)
    }

    /// Scrolls what the chat area shows, up (positive) or down: the focused comparison pane, or
    /// with none focused every pane together, and once all of them show their start, the chat
    /// itself back to the earlier turns.
    mutating func scrollView(panes paneRows: Int, chat chatRows: Int) {
        guard showsComparisonPanes else { return scroll(by: chatRows) }
        if scrollPanes(by: paneRows) || comparison?.focus != nil || paneRows < 0 { return }
        scroll(by: chatRows)
    }

    /// Scrolls the chat up (positive) or down (negative), clamped to the content.
    mutating func scroll(by rows: Int) {
        // Bounded so that "scroll to the top" repeated on a too-small screen (where nothing can
        // be clamped to the content) never overflows.
        let limit = 1 << 40
        scrollOffset = min(limit, max(0, scrollOffset + max(-limit, min(limit, rows))))
        clampScroll()
        if scrollOffset == 0 { hasUnseenText = false }
    }

    mutating func clampScroll() {
        guard scrollOffset > 0 else { return }
        let layout = Layout(state: self)
        guard !layout.tooSmall else { return }
        let total = ChatView.rowCount(self, width: layout.chat.width, limit: scrollOffset + layout.chat.height)
        scrollOffset = min(scrollOffset, max(0, total - layout.chat.height))
    }
}

