/// Compiler-style diagnostics for a named file, one per line.
public enum DiagnosticReport {
    public static func render(_ diagnostics: [Diagnostic], file: String) -> String {
        diagnostics.map { $0.formatted(file: file) + "\n" }.joined()
    }
}
