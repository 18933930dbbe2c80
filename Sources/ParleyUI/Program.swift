/// The contract between the pure core and the terminal runtime, in the manner of the Elm
/// architecture: the runtime feeds actions to `update`, performs the commands it returns
/// through an `EffectHandler`, and draws `view` when the state changed.
///
/// (The UI core defines `AppState`, `Action`, `Command`, `reduce` and `render`; this file pins
/// only the seams the terminal runtime and the executable rely on.)
public protocol EffectHandler: Sendable {
    /// Performs one command; results come back as actions through `dispatch`, from any task.
    func perform(_ command: Command, dispatch: @escaping @Sendable (Action) -> Void) async
}
