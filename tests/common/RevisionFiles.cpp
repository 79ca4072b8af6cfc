// Revision files for tests, in the layout `alembic revision` writes.
#include "RevisionFiles.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

namespace retort::test {

namespace {

QString indent(const QString &body)
{
    QStringList lines;
    for (const QString &l : body.split(QLatin1Char('\n')))
        lines << (l.isEmpty() ? l : QStringLiteral("    ") + l);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

QString scriptText(const Revision &r, const QString &imports)
{
    return QStringLiteral("\"\"\"%1\n\nRevision ID: %1\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n%2\n"
                          "revision = \"%1\"\ndown_revision = %3\nbranch_labels = None\ndepends_on = None\n\n\n"
                          "def upgrade():\n%4\n\n\ndef downgrade():\n%5\n")
        .arg(r.id, imports, r.down.isEmpty() ? QStringLiteral("None") : QStringLiteral("\"%1\"").arg(r.down),
             indent(r.upgrade.isEmpty() ? QStringLiteral("pass") : r.upgrade),
             indent(r.downgrade.isEmpty() ? QStringLiteral("pass") : r.downgrade));
}

bool writeProject(const QString &dir, const QList<Revision> &revisions)
{
    QDir().mkpath(dir + QStringLiteral("/versions"));
    QFile ini(dir + QStringLiteral("/alembic.ini"));
    if (!ini.open(QIODevice::WriteOnly))
        return false;
    ini.write("[alembic]\nscript_location = %(here)s\n");
    QFile env(dir + QStringLiteral("/env.py"));
    if (!env.open(QIODevice::WriteOnly))
        return false;
    for (const Revision &r : revisions) {
        QFile f(dir + QStringLiteral("/versions/%1.py").arg(r.id));
        if (!f.open(QIODevice::WriteOnly))
            return false;
        f.write(scriptText(r).toUtf8());
    }
    return true;
}

bool copyTree(const QString &source, const QString &target)
{
    QDirIterator files(source, QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString path = files.next();
        const QString copy = QDir(target).filePath(QDir(source).relativeFilePath(path));
        if (!QDir().mkpath(QFileInfo(copy).path()) || !QFile::copy(path, copy))
            return false;
    }
    return true;
}

} // namespace retort::test
