/// Accumulates Swift source, four spaces per level.
struct SourceWriter {
    private(set) var text = ""
    private var level = 0

    /// Appends `line` at the current indentation (an empty line stays empty).
    mutating func line(_ line: String = "") {
        if !line.isEmpty { text += String(repeating: "    ", count: level) + line }
        text += "\n"
    }

    /// Appends a `///` comment, one per line of `comment`.
    mutating func doc(_ comment: String) {
        for part in comment.split(separator: "\n", omittingEmptySubsequences: false) {
            line(part.isEmpty ? "///" : "/// \(part)")
        }
    }

    /// `header {`, the body one level deeper, then `}`; a header that
    /// already opens a closure (`… { arguments in`) gets no second brace.
    mutating func block(_ header: String, _ body: (inout SourceWriter) throws(BindgenError) -> Void)
        throws(BindgenError)
    {
        line(header.hasSuffix(" in") ? header : header + " {")
        level += 1
        try body(&self)
        level -= 1
        line("}")
    }
}
