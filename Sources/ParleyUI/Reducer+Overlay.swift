import ParleyGateway

/// Keys while an overlay (picker, help, usage, history) is open.
extension AppState {
    mutating func handleOverlayKey(_ key: Key) -> [Command] {
        let command = keymap.command(for: key, in: keyContext)
        if command == .quit { wantsQuit = true; return [.quit] }
        switch overlay {
        case .picker(var picker)?:
            let commands = handlePickerKey(key, command: command, picker: &picker)
            if case .picker = overlay { overlay = .picker(picker) }
            return commands
        case .history(let selected)?:
            switch command {
            case .moveUp?: overlay = .history(selected: max(0, selected - 1))
            case .moveDown?: overlay = .history(selected: min(max(0, conversations.count - 1), selected + 1))
            case .choose?:
                overlay = nil
                if conversations.indices.contains(selected) {
                    return [.openConversation(id: conversations[selected].id)]
                }
            case .close?: overlay = nil
            default: break
            }
        case .help(let scroll)?:
            // Scrolling keys scroll (help can be taller than the screen); any other key closes.
            let page = max(1, height - 4)
            let limit = max(0, HelpView.lines(self).count - page)
            switch command {
            case .moveUp?: overlay = .help(scroll: max(0, min(scroll, limit) - 1))
            case .moveDown?: overlay = .help(scroll: min(limit, scroll + 1))
            case .scrollUp?: overlay = .help(scroll: max(0, min(scroll, limit) - page))
            case .scrollDown?: overlay = .help(scroll: min(limit, scroll + page))
            default: overlay = nil
            }
        case .usage?:
            overlay = nil
        case nil:
            break
        }
        return []
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
