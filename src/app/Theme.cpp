#include "Theme.h"

#include <cmath>

namespace retort::app::theme {

namespace {

QColor pick(const QPalette &palette, QColor light, QColor dark)
{
    return isDark(palette) ? dark : light;
}

double channel(double c)
{
    c /= 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(const QColor &c)
{
    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue());
}

} // namespace

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor text(Text role, const QPalette &palette)
{
    switch (role) {
    case Text::Error: return pick(palette, QColor(0xb0, 0x00, 0x20), QColor(0xff, 0x8a, 0x80));
    case Text::Warning: return pick(palette, QColor(0x8a, 0x4b, 0x00), QColor(0xff, 0xc1, 0x6b));
    case Text::Success: return pick(palette, QColor(0x1b, 0x5e, 0x20), QColor(0x8b, 0xd9, 0x8f));
    case Text::Muted: return pick(palette, QColor(0x5f, 0x63, 0x68), QColor(0xa8, 0xad, 0xb4));
    }
    return palette.color(QPalette::Text);
}

QString textStyle(Text role, const QPalette &palette)
{
    return QStringLiteral("color: %1").arg(text(role, palette).name());
}

QColor diffBackground(Diff kind, const QPalette &palette)
{
    switch (kind) {
    case Diff::Changed: return pick(palette, QColor(0xff, 0xe4, 0xb3), QColor(0x5a, 0x40, 0x0c));
    case Diff::Added: return pick(palette, QColor(0xd7, 0xf0, 0xd2), QColor(0x1e, 0x4a, 0x24));
    case Diff::Removed: return pick(palette, QColor(0xf8, 0xd4, 0xd4), QColor(0x5c, 0x22, 0x22));
    }
    return {};
}

QColor diffText(const QPalette &palette)
{
    return pick(palette, QColor(Qt::black), QColor(0xf2, 0xf2, 0xf2));
}

QColor tableDot(TableDot kind, const QPalette &palette)
{
    switch (kind) {
    case TableDot::TableOnly: return pick(palette, QColor(0xc6, 0x28, 0x28), QColor(0xef, 0x6c, 0x6c));
    case TableDot::ModelOnly: return pick(palette, QColor(0x3c, 0x9a, 0x3c), QColor(0x6c, 0xc9, 0x6c));
    case TableDot::Differs: return pick(palette, QColor(0xe3, 0x8b, 0x00), QColor(0xff, 0xa9, 0x2e));
    case TableDot::InStep: return pick(palette, QColor(0x9c, 0xd6, 0x9c), QColor(0x4e, 0x8a, 0x4e));
    case TableDot::Neutral: return pick(palette, QColor(0xb0, 0xb0, 0xb0), QColor(0x70, 0x70, 0x70));
    }
    return {};
}

BadgeColors badge(Badge kind, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (kind) {
    case Badge::Database: return {QColor(0xb3, 0x5c, 0x00), Qt::white};
    case Badge::Head: return {QColor(0x23, 0x80, 0x23), Qt::white};
    case Badge::Merge: return {QColor(0x7b, 0x4f, 0xa6), Qt::white};
    case Badge::BranchPoint: return {QColor(0x12, 0x72, 0x80), Qt::white};
    case Badge::Base: return {QColor(0x66, 0x66, 0x66), Qt::white};
    case Badge::NeedsPython: return dark ? BadgeColors{QColor(0x6b, 0x4a, 0x00), QColor(0xff, 0xe0, 0x9e)}
                                         : BadgeColors{QColor(0xff, 0xd5, 0x80), QColor(0x5a, 0x3b, 0x00)};
    case Badge::Problem: return {QColor(0xc6, 0x28, 0x28), Qt::white};
    case Badge::Label: return dark ? BadgeColors{QColor(0x24, 0x3b, 0x55), QColor(0xcf, 0xe0, 0xf5)}
                                   : BadgeColors{QColor(0xdd, 0xe8, 0xf6), QColor(0x1f, 0x3b, 0x5a)};
    }
    return {palette.color(QPalette::Button), palette.color(QPalette::ButtonText)};
}

QList<QColor> laneColors(const QPalette &palette)
{
    // Colours that tell branches apart without meaning anything: no red (errors), no amber (the
    // database's ring, warnings).
    if (isDark(palette))
        return {QColor(0x5d, 0xa5, 0xe0), QColor(0x6c, 0xc9, 0x6c), QColor(0xb8, 0x93, 0xe0), QColor(0x4f, 0xd6, 0xe6),
                QColor(0x7a, 0xc0, 0xb0), QColor(0xf0, 0x9a, 0xd6), QColor(0x9c, 0xb0, 0xd8), QColor(0xa8, 0xc4, 0x5a)};
    return {QColor(0x1f, 0x77, 0xb4), QColor(0x2c, 0xa0, 0x2c), QColor(0x94, 0x67, 0xbd), QColor(0x12, 0x93, 0xa3),
            QColor(0x8c, 0x56, 0x4b), QColor(0xc4, 0x4f, 0xa3), QColor(0x4a, 0x5d, 0x8c), QColor(0x6b, 0x8e, 0x23)};
}

QColor editorText(const QColor &lexerColor, const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    if (!isDark(palette) || contrast(lexerColor, base) >= 4.5)
        return lexerColor;
    QColor c = lexerColor.toHsl();
    for (int lightness = std::max(c.lightness(), 128); lightness <= 255; lightness += 8) {
        QColor lighter = QColor::fromHsl(c.hslHue() < 0 ? 0 : c.hslHue(), std::min(c.hslSaturation(), 200), lightness);
        if (contrast(lighter, base) >= 4.5)
            return lighter;
    }
    return palette.color(QPalette::Text);
}

QColor accent(Accent role, const QPalette &palette)
{
    switch (role) {
    case Accent::CurrentRow: return pick(palette, QColor(0xff, 0xf4, 0xd6), QColor(0x4a, 0x3a, 0x16));
    case Accent::CurrentRing: return pick(palette, QColor(0xe6, 0x8a, 0x00), QColor(0xff, 0xb2, 0x3e));
    case Accent::Marker: return pick(palette, QColor(0xe3, 0x8b, 0x00), QColor(0xff, 0xa9, 0x2e));
    case Accent::MarkerOutline: return pick(palette, QColor(0x9a, 0x5b, 0x00), QColor(0xff, 0xd0, 0x8a));
    case Accent::Note: return pick(palette, QColor(0x7a, 0x45, 0x00), QColor(0xff, 0xd0, 0x8a));
    case Accent::NoteBackground: return pick(palette, QColor(0xff, 0xf1, 0xd6), QColor(0x4a, 0x3a, 0x16));
    case Accent::ErrorIndicator: return pick(palette, QColor(0xd6, 0x27, 0x28), QColor(0xff, 0x6b, 0x6b));
    }
    return palette.color(QPalette::Highlight);
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2b, 0x2e);
    const QColor base(0x1f, 0x1f, 0x22);
    const QColor text(0xe8, 0xe8, 0xe8);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xa8));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x7a, 0xb7, 0xff));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    return p;
}

} // namespace retort::app::theme
