import ParleyModel

/// Keys while an overlay (picker, help, usage, history) is open; history's are in Reducer+History.
extension AppState {
    mutating func handleOverlayKey(_ key: Key) -> [Command] {
        let command = keymap.command(for: key, in: keyContext)
        if command == .quit { wantsQuit = true; return [.quit] }
        switch overlay {
        case .picker(var picker)?:
            let commands = handlePickerKey(key, command: command, picker: &picker)
            if case .picker = overlay { overlay = .picker(picker) }
            return commands
        case .history(var history)?:
            let commands = handleHistoryKey(key, command: command, history: &history)
            if case .history = overlay { overlay = .history(history) }
            return commands
        case .search(var search)?:
            let commands = handleSearchKey(key, command: command, search: &search)
            if case .search = overlay { overlay = .search(search) }
            return commands
        case .help(let scroll)?:
            // Scrolling keys scroll (help can be taller than the screen); any other key closes.
            let page = max(1, height - 4)
            if let moved = Self.scrolled(scroll, by: command, page: page, limit: max(0, HelpView.lines(self).count - page)) {
                overlay = .help(scroll: moved)
            } else {
                overlay = nil
            }
        case .usage(let scroll)?:
            // The rows scroll; Esc, q or Enter close; other keys do nothing (the title says so).
            if let moved = Self.scrolled(scroll, by: command, page: UsageView.modelRows(self),
                                         limit: UsageView.scrollLimit(self)) {
                overlay = .usage(scroll: moved)
            } else if command == .close || command == .choose {
                overlay = nil
            }
        case nil:
            break
        }
        return []
    }

    /// Where a scrolling key moves a list scrolled by `scroll` (0...limit, `page` rows at a
    /// time); nil when the command does not scroll.
    static func scrolled(_ scroll: Int, by command: KeyCommand?, page: Int, limit: Int) -> Int? {
        let from = min(max(0, scroll), limit)
        switch command {
        case .moveUp?: return max(0, from - 1)
        case .moveDown?: return min(limit, from + 1)
        case .scrollUp?: return max(0, from - max(1, page))
        case .scrollDown?: return min(limit, from + max(1, page))
        case .scrollTop?: return 0
        case .scrollBottom?: return limit
        default: return nil
        }
    }

    private mutating func handlePickerKey(_ key: Key, command: KeyCommand?, picker: inout PickerState) -> [Command] {
        switch command {
        case .close?: overlay = nil
        case .moveUp?: picker.move(by: -1)
        case .moveDown?: picker.move(by: 1)
        case .scrollUp?: picker.move(by: -10)
        case .scrollDown?: picker.move(by: 10)
        case .scrollTop?: picker.move(by: -picker.rows.count)
        case .scrollBottom?: picker.move(by: picker.rows.count)
        case .mark?:
            picker.toggleMark()
            picker.move(by: 1)
        case .choose?:
            overlay = nil
            if !picker.marked.isEmpty {
                currentModel = picker.marked[0]
                fallbacks = Array(picker.marked.dropFirst())
                compareSet = []
                notice = Notice(fallbacks.isEmpty ? "model: \(currentModel)"
                                : "fallback chain: " + chain.map(\.description).joined(separator: " → "))
                return [.remember(.chain(chain))]
            } else if let model = picker.selectedModel {
                currentModel = model
                compareSet = []
                notice = Notice("model: \(model)")
                return [.remember(.chain(chain))]
            }
        case .compareMarked?:
            // Compare the marked models side by side.
            guard picker.marked.count >= 2 else {
                notice = Notice("mark at least two models (Space) to compare", isError: true)
                return []
            }
            compareSet = picker.marked.prefix(4).map { [$0] }
            overlay = nil
            notice = Notice("comparing: " + Self.describe(compareSet))
        case .deleteBackward?:
            if !picker.query.isEmpty {
                picker.query.removeLast()
                picker.refresh(models: knownModels, favourites: favourites)
            }
        case .clearQuery?:
            picker.query = ""
            picker.refresh(models: knownModels, favourites: favourites)
        default:
            // Unbound characters search.
            if command == nil, case .character(let c) = key {
                picker.query.append(c)
                picker.refresh(models: knownModels, favourites: favourites)
            }
        }
        return []
    }
}
