// Small Alembic projects written by tests: revision files whose upgrade() and downgrade() bodies are
// given as text, with the standard header Alembic writes, in a folder with alembic.ini and env.py.
#pragma once

#include <QList>
#include <QString>

namespace retort::test {

struct Revision
{
    QString id;
    QString down;       ///< empty for a base
    QString upgrade;    ///< body lines, without indentation
    QString downgrade;
};

/// The revision file's text; the body starts on line 15.
QString scriptText(const Revision &r, const QString &imports = {});

/// Writes dir/alembic.ini (script_location = the folder itself), dir/env.py and dir/versions/<id>.py.
bool writeProject(const QString &dir, const QList<Revision> &revisions);

/// Copies every file under source (a fixture folder) into target, folders included.
bool copyTree(const QString &source, const QString &target);

} // namespace retort::test
