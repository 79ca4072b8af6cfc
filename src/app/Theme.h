// The one place the window's colours come from. Every colour is chosen for the palette in use: a dark
// desktop theme gets lighter text colours and darker highlights, so badges, markers and the schema
// diff stay readable on both. Text colours keep a WCAG contrast of at least 4.5:1 against the
// palette's base, badges' text against their fill (tst_Theme checks both palettes).
#pragma once

#include <QColor>
#include <QList>
#include <QPalette>
#include <QString>

namespace retort::app::theme {

/// Whether palette is a dark one (its window colour is darker than mid-grey).
bool isDark(const QPalette &palette);

enum class Text {
    Error,      ///< failures, refusals
    Warning,    ///< things to look at
    Success,    ///< a finished run
    Muted,      ///< secondary text, NULL cells
};
QColor text(Text role, const QPalette &palette);
/// "color: #rrggbb", for a label's style sheet.
QString textStyle(Text role, const QPalette &palette);

/// Backgrounds of schema diff rows (with the text colour to write on them).
enum class Diff { Changed, Added, Removed };
QColor diffBackground(Diff kind, const QPalette &palette);
QColor diffText(const QPalette &palette);

/// The dot beside a table in the Schema tab's tree.
enum class TableDot { TableOnly, ModelOnly, Differs, InStep, Neutral };
QColor tableDot(TableDot kind, const QPalette &palette);

/// History badges.
enum class Badge { Database, Head, Merge, BranchPoint, Base, NeedsPython, Problem, Label };
struct BadgeColors
{
    QColor fill;
    QColor text;
};
BadgeColors badge(Badge kind, const QPalette &palette);

/// The history graph's lanes.
QList<QColor> laneColors(const QPalette &palette);

/// A syntax colour made for white paper, as it reads on palette's base: unchanged on a light
/// palette, the same hue made light enough (4.5:1 against the base) on a dark one.
QColor editorText(const QColor &lexerColor, const QPalette &palette);

enum class Accent {
    CurrentRow,       ///< the history row of the database's revision
    CurrentRing,      ///< the ring around its node
    Marker,           ///< the code editor's difference marker …
    MarkerOutline,
    Note,             ///< … and the note under the line (text and background)
    NoteBackground,
    ErrorIndicator,   ///< the line a failed statement came from
};
QColor accent(Accent role, const QPalette &palette);

/// WCAG 2 contrast ratio of two colours (1 to 21).
double contrast(const QColor &a, const QColor &b);

/// A dark palette like the ones dark desktop themes give Qt (for screenshots and tests).
QPalette darkPalette();

} // namespace retort::app::theme
