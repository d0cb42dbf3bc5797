import FunctionABI

extension ToolDefinition {
    /// Why the model's `arguments` cannot be handed to this tool, in words the model can act
    /// on (`arguments do not match the schema: "reason" is required`); nil when they can.
    func argumentsProblem(_ arguments: String) -> String? {
        guard let value = JSONValue(parsing: arguments), case .object = value else {
            return "The arguments for \(name) must be a JSON object."
        }
        let violations = argumentSchema.violations(of: value)
        guard !violations.isEmpty else { return nil }
        return "arguments do not match the schema: " + violations.joined(separator: "; ")
    }
}
