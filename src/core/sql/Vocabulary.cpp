#include "sql/Vocabulary.h"

namespace retort {

namespace {

QString twoDigits(int n) { return QStringLiteral("%1").arg(n, 2, 10, QLatin1Char('0')); }

QString dateText(const PyScalar &v)
{
    return QStringLiteral("%1-%2-%3").arg(v.year, 4, 10, QLatin1Char('0')).arg(twoDigits(v.month), twoDigits(v.day));
}

QString timeText(const PyScalar &v, bool alwaysMicroseconds)
{
    QString text = QStringLiteral("%1:%2:%3").arg(twoDigits(v.hour), twoDigits(v.minute), twoDigits(v.second));
    if (alwaysMicroseconds || v.microsecond)
        text += QStringLiteral(".%1").arg(v.microsecond, 6, 10, QLatin1Char('0'));
    return text;
}

QString scalarText(const PyScalar &v, bool alwaysMicroseconds)
{
    switch (v.kind) {
    case PyScalar::Kind::Date: return dateText(v);
    case PyScalar::Kind::DateTime: return dateText(v) + QLatin1Char(' ') + timeText(v, alwaysMicroseconds);
    case PyScalar::Kind::Time: return timeText(v, alwaysMicroseconds);
    case PyScalar::Kind::Decimal:
    case PyScalar::Kind::Uuid: return v.text;
    }
    return v.text;
}

} // namespace

QString PyScalar::pythonText() const { return scalarText(*this, false); }

QString PyScalar::sqliteText() const { return scalarText(*this, true); }

QVariant PyScalar::variant(const PyScalar &value) { return QVariant::fromValue(value); }

const PyScalar *PyScalar::from(const QVariant &value)
{
    return value.metaType() == QMetaType::fromType<PyScalar>() ? static_cast<const PyScalar *>(value.constData()) : nullptr;
}

} // namespace retort
