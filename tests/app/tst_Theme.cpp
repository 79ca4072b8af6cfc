// Readable on light and dark desktops: every text colour of the window against the palette's base,
// every badge's text against its fill, the schema diff rows' text against their backgrounds, and
// the code editor's syntax colours once adapted, by the WCAG 2 contrast ratio (4.5:1 for text).
#include "Theme.h"

#include <QGuiApplication>
#include <QtTest>

using namespace retort::app;

class tst_Theme : public QObject
{
    Q_OBJECT
private slots:
    void readableOnBothPalettes_data()
    {
        QTest::addColumn<QPalette>("palette");
        QTest::addColumn<bool>("dark");
        QPalette light;   // Qt's own light palette, as a light desktop gives it
        light.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
        light.setColor(QPalette::Base, Qt::white);
        light.setColor(QPalette::Text, Qt::black);
        QTest::newRow("light") << light << false;
        QTest::newRow("dark") << theme::darkPalette() << true;
    }

    void readableOnBothPalettes()
    {
        QFETCH(QPalette, palette);
        QFETCH(bool, dark);
        QCOMPARE(theme::isDark(palette), dark);
        const QColor base = palette.color(QPalette::Base);
        const QColor window = palette.color(QPalette::Window);
        using theme::Text;
        for (Text role : {Text::Error, Text::Warning, Text::Success, Text::Muted}) {
            const QColor c = theme::text(role, palette);
            QVERIFY2(theme::contrast(c, base) >= 4.5, qPrintable(QStringLiteral("text role %1: %2 on base %3 is %4:1")
                                                                      .arg(int(role)).arg(c.name(), base.name()).arg(theme::contrast(c, base))));
            QVERIFY2(theme::contrast(c, window) >= 4.5, qPrintable(QStringLiteral("text role %1 on the window").arg(int(role))));
        }
        using theme::Badge;
        for (Badge kind : {Badge::Database, Badge::Head, Badge::Merge, Badge::BranchPoint, Badge::Base, Badge::NeedsPython,
                           Badge::Problem, Badge::Label}) {
            const theme::BadgeColors b = theme::badge(kind, palette);
            QVERIFY2(theme::contrast(b.text, b.fill) >= 4.5, qPrintable(QStringLiteral("badge %1: %2 on %3 is %4:1")
                                                                             .arg(int(kind)).arg(b.text.name(), b.fill.name())
                                                                             .arg(theme::contrast(b.text, b.fill))));
        }
        for (theme::Diff kind : {theme::Diff::Changed, theme::Diff::Added, theme::Diff::Removed})
            QVERIFY(theme::contrast(theme::diffText(palette), theme::diffBackground(kind, palette)) >= 4.5);
        // Branch colours never read as an error or a warning: no red, orange or amber (the database's ring
        // is amber) unless greyed; each stands out from the base (3:1, WCAG's graphics contrast).
        for (const QColor &lane : theme::laneColors(palette)) {
            const QColor hsl = lane.toHsl();
            const int hue = hsl.hslHue();
            const bool warm = hue >= 0 && (hue <= 50 || hue >= 330);
            QVERIFY2(!warm || hsl.hslSaturationF() < 0.35, qPrintable(QStringLiteral("lane colour %1 reads as an error or warning").arg(lane.name())));
            QVERIFY2(theme::contrast(lane, base) >= 3.0, qPrintable(QStringLiteral("lane colour %1 on base %2 is %3:1")
                                                                         .arg(lane.name(), base.name()).arg(theme::contrast(lane, base))));
        }
        // The database's row in the history keeps the palette's text readable.
        QVERIFY(theme::contrast(palette.color(QPalette::Text), theme::accent(theme::Accent::CurrentRow, palette)) >= 4.5);
        QVERIFY(theme::contrast(theme::accent(theme::Accent::Note, palette), theme::accent(theme::Accent::NoteBackground, palette)) >= 4.5);
        // Syntax colours made for white paper, like QScintilla's Python and SQL lexers' own.
        for (const QColor &lexer : {QColor(Qt::black), QColor(0x00, 0x00, 0x7f), QColor(0x7f, 0x00, 0x7f), QColor(0x00, 0x7f, 0x00),
                                    QColor(0x7f, 0x00, 0x00), QColor(0x00, 0x7f, 0x7f), QColor(0x80, 0x80, 0x00)}) {
            const QColor shown = theme::editorText(lexer, palette);
            if (!dark) {
                QCOMPARE(shown, lexer);   // a light palette keeps the lexer's own colours, made for it
                continue;
            }
            if (lexer.hslHue() >= 0)
                QCOMPARE(shown.hslHue(), lexer.hslHue());   // the same hue, lighter
            QVERIFY2(theme::contrast(shown, base) >= 4.5, qPrintable(QStringLiteral("%1 shown as %2").arg(lexer.name(), shown.name())));
        }
    }
};

QTEST_MAIN(tst_Theme)
#include "tst_Theme.moc"
