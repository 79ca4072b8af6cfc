// Read-only source view on QScintilla: monospace, line numbers, a Python or SQL lexer.
#pragma once

#include <Qsci/qsciscintilla.h>

#include <QSet>

namespace retort::app {

class CodeEditor : public QsciScintilla
{
    Q_OBJECT
public:
    enum class Language { Python, Sql };
    explicit CodeEditor(Language language, QWidget *parent = nullptr);
    ~CodeEditor() override;

    /// Replaces the text (the editor stays read-only).
    void showText(const QString &text);
    /// Marks the first occurrence of needle (whitespace-insensitive) with the error indicator and
    /// scrolls to it; returns whether it was found.
    bool markError(const QString &needle);
    /// Puts line (1-based) at the top of the view and highlights it.
    void goToLine(int line);

    /// Lets the user edit the text (review dialogs); the default is read-only.
    void setEditable(bool editable);

    /// Marks line (1-based) as differing: a symbol in the margin and note as an annotation below it.
    void markDifference(int line, const QString &note);
    void clearDifferences();
    /// The 1-based lines marked by markDifference, in order.
    QList<int> differenceLines() const;

    /// Long lines wrap in every code view (the default), or scroll; the choice is remembered.
    static bool wrapsLongLines();
    static void setWrapLongLines(bool wrap);

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void applyWrap(bool wrap);
    static QSet<CodeEditor *> &editors();   ///< every live view, so a change of the wrap choice reaches them all
    bool m_editable = false;
    bool m_marksDefined = false;
};

} // namespace retort::app
