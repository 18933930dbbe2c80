import ParleyGateway

/// Keys while an overlay (picker, help, usage, history) is open.
extension AppState {
    mutating func handleOverlayKey(_ key: Key) -> [Command] {
        let command = keymap.command(for: key)
        if command == .quit { wantsQuit = true; return [.quit] }
        switch overlay {
        case .picker(var picker)?:
            let commands = handlePickerKey(key, command: command, picker: &picker)
            if case .picker = overlay { overlay = .picker(picker) }
            return commands
        case .history(let selected)?:
            switch key {
            case .up, .ctrl("p"): overlay = .history(selected: max(0, selected - 1))
            case .down, .ctrl("n"): overlay = .history(selected: min(max(0, conversations.count - 1), selected + 1))
            case .enter:
                overlay = nil
                if conversations.indices.contains(selected) {
                    return [.openConversation(id: conversations[selected].id)]
                }
            default:
                if key == .escape || command == .cancel || command == .interrupt || key == .character("q") { overlay = nil }
            }
        case .help(let scroll)?:
            // Scrolling keys scroll (help can be taller than the screen); any other key closes.
            let page = max(1, height - 4)
            let limit = max(0, HelpView.lines(self).count - page)
            switch key {
            case .up: overlay = .help(scroll: max(0, min(scroll, limit) - 1))
            case .down: overlay = .help(scroll: min(limit, scroll + 1))
            case .pageUp: overlay = .help(scroll: max(0, min(scroll, limit) - page))
            case .pageDown, .character(" "): overlay = .help(scroll: min(limit, scroll + page))
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
        switch key {
        case .escape, .ctrl("c"):
            overlay = nil
        case .up, .ctrl("p"): picker.move(by: -1)
        case .down, .ctrl("n"): picker.move(by: 1)
        case .pageUp: picker.move(by: -10)
        case .pageDown: picker.move(by: 10)
        case .home, .ctrlHome: picker.move(by: -picker.rows.count)
        case .end, .ctrlEnd: picker.move(by: picker.rows.count)
        case .character(" "), .tab:
            picker.toggleMark()
            picker.move(by: 1)
        case .enter:
            overlay = nil
            if !picker.marked.isEmpty {
                currentModel = picker.marked[0]
                fallbacks = Array(picker.marked.dropFirst())
                compareSet = []
                notice = Notice(fallbacks.isEmpty ? "model: \(currentModel)"
                                : "fallback chain: " + chain.map(\.description).joined(separator: " → "))
            } else if let model = picker.selectedModel {
                currentModel = model
                compareSet = []
                notice = Notice("model: \(model)")
                return [.persistSetting(key: "model", value: model.description)]
            }
        case .ctrl("x"):
            // Compare the marked models side by side.
            guard picker.marked.count >= 2 else {
                notice = Notice("mark at least two models (Space) to compare", isError: true)
                return []
            }
            compareSet = picker.marked.prefix(4).map { [$0] }
            overlay = nil
            notice = Notice("comparing: " + Self.describe(compareSet))
        case .backspace, .ctrl("h"):
            if !picker.query.isEmpty {
                picker.query.removeLast()
                picker.refresh(models: knownModels, favourites: favourites)
            }
        case .ctrl("u"), .ctrl("w"):
            picker.query = ""
            picker.refresh(models: knownModels, favourites: favourites)
        case .character(let c):
            picker.query.append(c)
            picker.refresh(models: knownModels, favourites: favourites)
        default:
            if command == .openPicker || command == .cancel { overlay = nil }
        }
        return []
    }
}
