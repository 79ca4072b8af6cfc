// Top-level assignment lookup over the token stream: a logical line at indentation zero that starts
// with NAME [':' annotation] '=' and whose right-hand side is one or more adjacent string literals.
#include "python/PyModuleValues.h"

namespace retort {

PyAssignedString findModuleStringAssignment(const QString &source, const QString &name)
{
    const QList<PyToken> tokens = tokenizePython(source);
    PyAssignedString result;
    int depth = 0;          // indentation depth (INDENT/DEDENT)
    bool lineStart = true;
    for (int i = 0; i < tokens.size(); ++i) {
        const PyToken &t = tokens.at(i);
        if (t.kind == PyToken::Kind::Indent) { ++depth; continue; }
        if (t.kind == PyToken::Kind::Dedent) { --depth; continue; }
        if (t.kind == PyToken::Kind::Newline) { lineStart = true; continue; }
        if (!lineStart) continue;
        lineStart = false;
        if (depth != 0 || !t.isName(name)) continue;

        // Skip an annotation: everything up to '=' at bracket depth zero on this logical line.
        int j = i + 1;
        if (j < tokens.size() && tokens.at(j).isOperator(u":")) {
            int brackets = 0;
            for (++j; j < tokens.size() && tokens.at(j).kind != PyToken::Kind::Newline; ++j) {
                const PyToken &a = tokens.at(j);
                if (a.isOperator(u"(") || a.isOperator(u"[") || a.isOperator(u"{")) ++brackets;
                if (a.isOperator(u")") || a.isOperator(u"]") || a.isOperator(u"}")) --brackets;
                if (brackets == 0 && a.isOperator(u"=")) break;
            }
        }
        if (j >= tokens.size() || !tokens.at(j).isOperator(u"="))
            continue;

        // The right-hand side runs to the end of the logical line.
        int end = j + 1;
        while (end < tokens.size() && tokens.at(end).kind != PyToken::Kind::Newline
               && tokens.at(end).kind != PyToken::Kind::EndMarker)
            ++end;
        result = PyAssignedString();
        result.found = true;
        result.line = t.span.line;
        if (end > j + 1) {
            const int from = tokens.at(j + 1).span.offset;
            const int to = tokens.at(end - 1).span.end();
            result.expression = source.mid(from, to - from).simplified();
        }

        // Accept: STRING+ or '(' STRING+ ')'.
        int a = j + 1;
        int b = end;
        if (b - a >= 3 && tokens.at(a).isOperator(u"(") && tokens.at(b - 1).isOperator(u")")) { ++a; --b; }
        QString value;
        bool literal = a < b;
        for (int k = a; k < b && literal; ++k) {
            QString part;
            literal = tokens.at(k).kind == PyToken::Kind::String && decodePyStringLiteral(tokens.at(k).text, &part);
            value += part;
        }
        result.literal = literal;
        if (literal)
            result.value = value;
        i = end - 1;
    }
    return result;
}

} // namespace retort
