// configparser-compatible reading (BasicInterpolation), enough for alembic.ini and setup.cfg-style files.
#include "project/IniFile.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace retort {

namespace {
const QString kDefault = QStringLiteral("DEFAULT");
}

Result<IniFile> IniFile::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Error e = makeError(QStringLiteral("Cannot read the file: %1.").arg(file.errorString()));
        e.file = path;
        return e;
    }
    return parse(QString::fromUtf8(file.readAll()), path, QFileInfo(path).absolutePath());
}

Result<IniFile> IniFile::parse(const QString &text, const QString &fileName, const QString &here)
{
    IniFile ini;
    ini.m_fileName = fileName;
    ini.m_sections[kDefault].insert(QStringLiteral("here"), Entry{here, 0});

    static const QRegularExpression sectionRe(QStringLiteral(R"(^\[(?<name>.+)\]\s*$)"));
    static const QRegularExpression optionRe(QStringLiteral(R"(^(?<key>[^=:\s][^=:]*?)\s*[=:]\s*(?<value>.*)$)"));

    QString section;
    QString key;              // the option that continuation lines extend
    int keyIndent = -1;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        QString line = lines.at(i);
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        const QString stripped = line.trimmed();
        int indent = 0;
        while (indent < line.size() && line.at(indent).isSpace())
            ++indent;

        if (stripped.startsWith(QLatin1Char('#')) || stripped.startsWith(QLatin1Char(';')))
            continue;
        if (stripped.isEmpty()) {
            if (!key.isEmpty())
                ini.m_sections[section][key].raw += QLatin1Char('\n');
            continue;
        }
        if (!key.isEmpty() && indent > keyIndent) {
            Entry &entry = ini.m_sections[section][key];
            entry.raw += QLatin1Char('\n') + stripped;
            continue;
        }
        key.clear();
        const QRegularExpressionMatch sm = sectionRe.match(stripped);
        if (sm.hasMatch() && indent == 0) {
            section = sm.captured(QStringLiteral("name"));
            ini.m_sections[section];
            continue;
        }
        if (section.isEmpty()) {
            Error e = makeError(QStringLiteral("The file does not start with a [section] header."));
            e.file = fileName;
            e.line = i + 1;
            return e;
        }
        const QRegularExpressionMatch om = optionRe.match(stripped);
        if (!om.hasMatch()) {
            Error e = makeError(QStringLiteral("Cannot read this line: expected 'key = value'."));
            e.file = fileName;
            e.line = i + 1;
            return e;
        }
        key = om.captured(QStringLiteral("key")).trimmed().toLower();
        keyIndent = indent;
        ini.m_sections[section].insert(key, Entry{om.captured(QStringLiteral("value")), i + 1});
    }
    // Trailing blank lines inside a value are not part of it.
    for (auto &sectionEntries : ini.m_sections) {
        for (Entry &entry : sectionEntries) {
            while (entry.raw.endsWith(QLatin1Char('\n')))
                entry.raw.chop(1);
        }
    }
    // Ten levels of %(…)s that each name the level below ten times expand to 10^10 characters:
    // measured here, without expanding, and refused with the line that asks for it.
    std::optional<std::pair<int, QString>> tooLarge;   // the first such line, whatever the hash order
    const QHash<QString, Entry> defaults = ini.m_sections.value(kDefault);
    for (auto s = ini.m_sections.cbegin(); s != ini.m_sections.cend(); ++s) {
        QHash<QString, qint64> memo;
        for (const QHash<QString, Entry> *entries : {&s.value(), &defaults}) {
            for (auto e = entries->cbegin(); e != entries->cend(); ++e) {
                if ((!tooLarge || e->line < tooLarge->first) && ini.expandedSize(s.key(), e->raw, 0, memo) > kMaxExpandedSize)
                    tooLarge = std::make_pair(e->line, e.key());
            }
        }
    }
    if (tooLarge) {
        Error error = makeError(QStringLiteral("The value of '%1' expands to more than %2 MiB through nested %(…)s "
                                               "references; Retort stops reading the file there.")
                                    .arg(tooLarge->second).arg(kMaxExpandedSize >> 20));
        error.file = fileName;
        error.line = tooLarge->first;
        return error;
    }
    return ini;
}

qint64 IniFile::expandedSize(const QString &section, const QString &raw, int depth, QHash<QString, qint64> &memo) const
{
    // Mirrors interpolate(), counting instead of building; the count stops growing past the limit.
    if (depth > 10 || !raw.contains(QLatin1Char('%')))
        return raw.size();
    qint64 size = 0;
    for (int i = 0; i < raw.size() && size <= kMaxExpandedSize; ++i) {
        if (raw.at(i) != QLatin1Char('%') || i + 1 >= raw.size()) {
            ++size;
            continue;
        }
        if (raw.at(i + 1) == QLatin1Char('%')) {
            ++size;
            ++i;
            continue;
        }
        if (raw.at(i + 1) == QLatin1Char('(')) {
            const int close = raw.indexOf(QLatin1String(")s"), i + 2);
            if (close > 0) {
                const QString name = raw.mid(i + 2, close - i - 2).toLower();
                auto known = memo.constFind(name);
                if (known == memo.constEnd()) {
                    // A reference to itself ends at the depth limit, as in interpolate().
                    const Entry *entry = find(section, name);
                    known = memo.insert(name, entry ? expandedSize(section, entry->raw, depth + 1, memo) : 0);
                }
                size += *known;
                i = close + 1;
                continue;
            }
        }
        ++size;
    }
    return size;
}

bool IniFile::hasSection(const QString &section) const
{
    return m_sections.contains(section);
}

const IniFile::Entry *IniFile::find(const QString &section, const QString &key) const
{
    const QString k = key.toLower();
    auto s = m_sections.constFind(section);
    if (s != m_sections.constEnd()) {
        auto e = s->constFind(k);
        if (e != s->constEnd())
            return &*e;
    }
    auto d = m_sections.constFind(kDefault);
    if (d != m_sections.constEnd()) {
        auto e = d->constFind(k);
        if (e != d->constEnd())
            return &*e;
    }
    return nullptr;
}

bool IniFile::contains(const QString &section, const QString &key) const
{
    return find(section, key) != nullptr;
}

QString IniFile::value(const QString &section, const QString &key) const
{
    const Entry *entry = find(section, key);
    return entry ? interpolate(section, entry->raw, 0) : QString();
}

int IniFile::line(const QString &section, const QString &key) const
{
    const Entry *entry = find(section, key);
    return entry ? entry->line : 0;
}

QString IniFile::interpolate(const QString &section, const QString &raw, int depth) const
{
    if (depth > 10 || !raw.contains(QLatin1Char('%')))
        return raw;
    QString out;
    for (int i = 0; i < raw.size(); ++i) {
        const QChar c = raw.at(i);
        if (c != QLatin1Char('%') || i + 1 >= raw.size()) {
            out += c;
            continue;
        }
        if (raw.at(i + 1) == QLatin1Char('%')) {
            out += QLatin1Char('%');
            ++i;
            continue;
        }
        if (raw.at(i + 1) == QLatin1Char('(')) {
            const int close = raw.indexOf(QLatin1String(")s"), i + 2);
            if (close > 0) {
                const QString name = raw.mid(i + 2, close - i - 2);
                const Entry *entry = find(section, name);
                out += entry ? interpolate(section, entry->raw, depth + 1) : QString();
                i = close + 1;
                continue;
            }
        }
        out += c;
    }
    return out;
}

} // namespace retort
