// An .ini file read the way Python's configparser (as Alembic configures it) reads it:
// case-insensitive keys, "=" or ":" separators, indented continuation lines, full-line
// "#"/";" comments, and %(name)s interpolation with a "here" default.
#pragma once

#include "Result.h"

#include <QHash>
#include <QList>
#include <QString>

namespace retort {

class IniFile
{
public:
    /// Reads path; %(here)s expands to the file's folder.
    static Result<IniFile> load(const QString &path);
    /// Parses text; fileName is used in messages, here for %(here)s.
    static Result<IniFile> parse(const QString &text, const QString &fileName, const QString &here);

    bool hasSection(const QString &section) const;
    bool contains(const QString &section, const QString &key) const;
    /// The interpolated value, or an empty string when absent.
    QString value(const QString &section, const QString &key) const;
    /// 1-based line where the key is set, 0 when absent.
    int line(const QString &section, const QString &key) const;
    QString fileName() const { return m_fileName; }

private:
    struct Entry { QString raw; int line = 0; };
    QString interpolate(const QString &section, const QString &raw, int depth) const;
    qint64 expandedSize(const QString &section, const QString &raw, int depth, QHash<QString, qint64> &memo) const;

    static constexpr qint64 kMaxExpandedSize = qint64(1) << 20;
    const Entry *find(const QString &section, const QString &key) const;

    QString m_fileName;
    QHash<QString, QHash<QString, Entry>> m_sections;   // section -> key (lower case) -> entry
};

} // namespace retort
