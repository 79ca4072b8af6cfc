// The one QScintilla base editor of the app; each language gets its lexer with the fixed-width font.
#include "CodeEditor.h"

#include <Qsci/qscilexerpython.h>
#include <Qsci/qscilexersql.h>

#include <QFontDatabase>

namespace retort::app {

CodeEditor::CodeEditor(Language language, QWidget *parent)
    : QsciScintilla(parent)
{
    const QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    QsciLexer *lexer = nullptr;
    if (language == Language::Python)
        lexer = new QsciLexerPython(this);
    else
        lexer = new QsciLexerSQL(this);
    lexer->setDefaultFont(font);
    lexer->setFont(font);
    setLexer(lexer);
    setUtf8(true);
    setReadOnly(true);
    setMarginType(0, QsciScintilla::NumberMargin);
    setMarginsFont(font);
    setMarginWidth(0, QStringLiteral("0000"));
    setMarginLineNumbers(0, true);
    setCaretLineVisible(false);
    setWrapMode(QsciScintilla::WrapNone);
    setTabWidth(4);
}

void CodeEditor::showText(const QString &text)
{
    setReadOnly(false);
    setText(text);
    setReadOnly(true);
}

} // namespace retort::app
