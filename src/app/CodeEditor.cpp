// The one QScintilla base editor of the app; each language gets its lexer with the fixed-width font.
#include "CodeEditor.h"
#include "Theme.h"

#include <Qsci/qscilexerpython.h>
#include <Qsci/qscilexersql.h>

#include <QContextMenuEvent>
#include <QFontDatabase>
#include <QMenu>
#include <QSet>
#include <QSettings>

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
    // The lexers' colours are made for white paper: on a dark palette each style keeps its hue with a
    // lightness that reads on the palette's base.
    const QPalette colours = palette();
    lexer->setDefaultPaper(colours.color(QPalette::Base));
    lexer->setDefaultColor(colours.color(QPalette::Text));
    for (int style = 0; style < 128; ++style) {
        if (lexer->description(style).isEmpty())
            continue;
        lexer->setPaper(colours.color(QPalette::Base), style);
        lexer->setColor(theme::editorText(lexer->color(style), colours), style);
    }
    setLexer(lexer);
    setMarginsBackgroundColor(colours.color(QPalette::Window));
    setMarginsForegroundColor(theme::text(theme::Text::Muted, colours));
    setCaretForegroundColor(colours.color(QPalette::Text));
    setSelectionBackgroundColor(colours.color(QPalette::Highlight));
    setSelectionForegroundColor(colours.color(QPalette::HighlightedText));
    setUtf8(true);
    setReadOnly(true);
    setMarginType(0, QsciScintilla::NumberMargin);
    setMarginsFont(font);
    setMarginWidth(0, QStringLiteral("0000"));
    setMarginLineNumbers(0, true);
    setCaretLineVisible(false);
    setTabWidth(4);
    applyWrap(wrapsLongLines());
    editors().insert(this);
}

CodeEditor::~CodeEditor()
{
    editors().remove(this);
}

QSet<CodeEditor *> &CodeEditor::editors()
{
    static QSet<CodeEditor *> all;   // GUI thread only
    return all;
}

bool CodeEditor::wrapsLongLines()
{
    return QSettings().value(QStringLiteral("editor/wrapLongLines"), true).toBool();
}

void CodeEditor::setWrapLongLines(bool wrap)
{
    QSettings().setValue(QStringLiteral("editor/wrapLongLines"), wrap);
    for (CodeEditor *editor : std::as_const(editors()))
        editor->applyWrap(wrap);
}

void CodeEditor::applyWrap(bool wrap)
{
    setWrapMode(wrap ? QsciScintilla::WrapWord : QsciScintilla::WrapNone);
    setWrapVisualFlags(wrap ? QsciScintilla::WrapFlagByText : QsciScintilla::WrapFlagNone);
    setWrapIndentMode(QsciScintilla::WrapIndentIndented);
}

void CodeEditor::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu *menu = createStandardContextMenu();
    if (!menu)
        return;
    menu->addSeparator();
    QAction *wrap = menu->addAction(tr("&Wrap Long Lines"));
    wrap->setCheckable(true);
    wrap->setChecked(wrapMode() != QsciScintilla::WrapNone);
    connect(wrap, &QAction::toggled, this, [](bool on) { setWrapLongLines(on); });
    menu->exec(event->globalPos());
    delete menu;
}

namespace {
constexpr int kErrorIndicator = 8;
constexpr int kDifferenceMarker = 1;
constexpr int kSymbolMargin = 1;
constexpr int kAnnotationStyle = 120;   // above the lexers' styles
}

void CodeEditor::showText(const QString &text)
{
    setReadOnly(false);
    clearDifferences();
    setText(text);
    setReadOnly(!m_editable);
}

void CodeEditor::setEditable(bool editable)
{
    m_editable = editable;
    setReadOnly(!editable);
    setCaretLineVisible(editable);
}

void CodeEditor::markDifference(int line, const QString &note)
{
    if (line < 1 || line > lines())
        return;
    if (!m_marksDefined) {
        m_marksDefined = true;
        // The marker and the note share the theme's warning colour; the note sits under the line it is about.
        setMarginType(kSymbolMargin, QsciScintilla::SymbolMargin);
        setMarginWidth(kSymbolMargin, 14);
        setMarginMarkerMask(kSymbolMargin, 1 << kDifferenceMarker);
        markerDefine(QsciScintilla::RightTriangle, kDifferenceMarker);
        setMarkerBackgroundColor(theme::accent(theme::Accent::Marker, palette()), kDifferenceMarker);
        setMarkerForegroundColor(theme::accent(theme::Accent::MarkerOutline, palette()), kDifferenceMarker);
        SendScintilla(SCI_STYLESETFORE, kAnnotationStyle, theme::accent(theme::Accent::Note, palette()));
        SendScintilla(SCI_STYLESETBACK, kAnnotationStyle, theme::accent(theme::Accent::NoteBackground, palette()));
        SendScintilla(SCI_STYLESETITALIC, kAnnotationStyle, true);
        setAnnotationDisplay(QsciScintilla::AnnotationBoxed);
    }
    markerAdd(line - 1, kDifferenceMarker);
    if (!note.isEmpty()) {
        const QString before = annotation(line - 1);
        annotate(line - 1, before.isEmpty() ? note : before + QLatin1Char('\n') + note, kAnnotationStyle);
    }
}

void CodeEditor::clearDifferences()
{
    markerDeleteAll(kDifferenceMarker);
    clearAnnotations();
}

QList<int> CodeEditor::differenceLines() const
{
    QList<int> out;
    int line = markerFindNext(0, 1 << kDifferenceMarker);
    while (line >= 0) {
        out << line + 1;
        line = markerFindNext(line + 1, 1 << kDifferenceMarker);
    }
    return out;
}

bool CodeEditor::markError(const QString &needle)
{
    clearIndicatorRange(0, 0, lines(), 0, kErrorIndicator);
    // The statement as run may differ from the printed script in tabs and line breaks: find the line
    // its first words start on.
    const QString first = needle.simplified().section(QLatin1Char(' '), 0, 3);
    if (first.isEmpty())
        return false;
    const QStringList all = text().split(QLatin1Char('\n'));
    for (int line = 0; line < all.size(); ++line) {
        if (!all.at(line).simplified().startsWith(first))
            continue;
        indicatorDefine(QsciScintilla::StraightBoxIndicator, kErrorIndicator);
        QColor translucent = theme::accent(theme::Accent::ErrorIndicator, palette());
        translucent.setAlpha(60);   // the text stays readable
        setIndicatorForegroundColor(translucent, kErrorIndicator);
        setIndicatorOutlineColor(theme::accent(theme::Accent::ErrorIndicator, palette()), kErrorIndicator);
        // The whole statement: to the line that ends it (';'), or as many lines as it has.
        int last = line;
        const int statementLines = int(needle.trimmed().count(QLatin1Char('\n')));
        while (last + 1 < all.size() && !all.at(last).trimmed().endsWith(QLatin1Char(';')) && last - line < std::max(statementLines, 200))
            ++last;
        fillIndicatorRange(line, 0, last, int(all.at(last).size()), kErrorIndicator);
        setCursorPosition(line, 0);
        ensureLineVisible(last);
        ensureLineVisible(line);
        setSelection(line, 0, last, int(all.at(last).size()));
        return true;
    }
    return false;
}

void CodeEditor::goToLine(int line)
{
    const int target = std::max(0, line - 1);
    // Display lines, not document lines: with wrapping on, a long line above takes several.
    setFirstVisibleLine(int(SendScintilla(SCI_VISIBLEFROMDOCLINE, static_cast<unsigned long>(std::max(0, target - 3)))));
    setSelection(target, 0, target, lineLength(target) > 0 ? lineLength(target) - 1 : 0);
    SendScintilla(SCI_SETXOFFSET, 0);   // a long line must not leave the view scrolled sideways
}

} // namespace retort::app
