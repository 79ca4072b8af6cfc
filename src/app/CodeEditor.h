// Read-only source view on QScintilla: monospace, line numbers, a Python or SQL lexer.
#pragma once

#include <Qsci/qsciscintilla.h>

namespace retort::app {

class CodeEditor : public QsciScintilla
{
    Q_OBJECT
public:
    enum class Language { Python, Sql };
    explicit CodeEditor(Language language, QWidget *parent = nullptr);

    /// Replaces the text (the editor stays read-only).
    void showText(const QString &text);
    /// Marks the first occurrence of needle (whitespace-insensitive) with the error indicator and
    /// scrolls to it; returns whether it was found.
    bool markError(const QString &needle);
    /// Puts line (1-based) at the top of the view and highlights it.
    void goToLine(int line);
};

} // namespace retort::app
