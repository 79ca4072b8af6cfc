// Project generation shared by the conformance tests and bench/.
#include "AlembicProjects.h"

#include <QDir>
#include <QFile>
#include <QSet>

namespace retort::test {

namespace {

QString pyList(const QStringList &items)
{
    if (items.isEmpty())
        return QStringLiteral("None");
    if (items.size() == 1)
        return QLatin1Char('\'') + items.first() + QLatin1Char('\'');
    QStringList quoted;
    for (const QString &i : items)
        quoted << QLatin1Char('\'') + i + QLatin1Char('\'');
    return QLatin1Char('(') + quoted.join(QStringLiteral(", ")) + QLatin1Char(')');
}

bool write(const QString &path, const QString &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text.toUtf8()) >= 0;
}

} // namespace

std::vector<GeneratedRevision> generateHistory(quint32 seed, int size, bool withDependencies)
{
    QRandomGenerator rng(seed);
    std::vector<GeneratedRevision> revs;
    QSet<QString> used;
    const auto newId = [&]() {
        QString id;
        do {
            id = QStringLiteral("%1").arg(rng.generate64() & 0xffffffffffffULL, 12, 16, QLatin1Char('0'));
        } while (used.contains(id));
        used.insert(id);
        return id;
    };
    const auto heads = [&]() {
        QSet<QString> parents;
        for (const GeneratedRevision &r : revs)
            for (const QString &d : r.down) parents.insert(d);
        QStringList h;
        for (const GeneratedRevision &r : revs)
            if (!parents.contains(r.id)) h << r.id;
        return h;
    };
    int labelCount = 0;
    for (int i = 0; i < size; ++i) {
        GeneratedRevision r;
        r.id = newId();
        r.message = QStringLiteral("step %1").arg(i);
        const QStringList currentHeads = heads();
        const int roll = int(rng.bounded(100));
        if (revs.empty() || roll < 5) {
            // a new base
        } else if (roll < 25 && currentHeads.size() >= 2) {
            const int parents = currentHeads.size() >= 3 && rng.bounded(3) == 0 ? 3 : 2;
            QStringList pool = currentHeads;
            for (int k = 0; k < parents; ++k)
                r.down << pool.takeAt(int(rng.bounded(pool.size())));
        } else if (roll < 45) {
            r.down << revs[rng.bounded(int(revs.size()))].id;   // may branch
        } else {
            r.down << currentHeads[int(rng.bounded(currentHeads.size()))];
        }
        if (rng.bounded(100) < 12)
            r.labels << QStringLiteral("lbl%1").arg(labelCount++);
        if (withDependencies && !revs.empty() && rng.bounded(100) < 10) {
            // A dependency on some other revision; Alembic normalises away the ones already implied.
            const QString dep = revs[rng.bounded(int(revs.size()))].id;
            if (!r.down.contains(dep))
                r.dependsOn << dep;
        }
        revs.push_back(r);
    }
    return revs;
}

std::vector<GeneratedRevision> generateRealisticHistory(quint32 seed, int size)
{
    QRandomGenerator rng(seed);
    std::vector<GeneratedRevision> revs;
    QStringList heads;
    for (int i = 0; i < size; ++i) {
        GeneratedRevision r;
        r.id = QStringLiteral("%1").arg(rng.generate64() & 0xffffffffffffULL, 12, 16, QLatin1Char('0'));
        r.message = QStringLiteral("change %1").arg(i);
        const int roll = int(rng.bounded(100));
        if (revs.empty()) {
            // the first revision is the base
        } else if (roll < 6 && revs.size() > 3) {
            // a feature branch from a recent revision
            r.down << revs[revs.size() - 1 - rng.bounded(qMin(20, int(revs.size())))].id;
        } else if (roll < 14 && heads.size() >= 2) {
            // merge two open heads
            r.down << heads.takeAt(int(rng.bounded(heads.size())));
            r.down << heads.takeAt(int(rng.bounded(heads.size())));
        } else {
            r.down << heads.takeAt(int(rng.bounded(heads.size())));
        }
        for (const QString &d : r.down)
            heads.removeAll(d);
        heads << r.id;
        if (rng.bounded(1000) < 3)
            r.labels << QStringLiteral("feature%1").arg(i);
        if (revs.size() > 10 && rng.bounded(100) < 2)
            r.dependsOn << revs[rng.bounded(int(revs.size()) - 5)].id;
        revs.push_back(r);
    }
    return revs;
}

bool writeAlembicProject(const QString &dir, const std::vector<GeneratedRevision> &revisions)
{
    bool ok = write(dir + QStringLiteral("/alembic.ini"),
                    QStringLiteral("[alembic]\nscript_location = %(here)s/alembic\nsqlalchemy.url = sqlite:///%(here)s/test.db\n"));
    ok = ok && write(dir + QStringLiteral("/alembic/env.py"), QStringLiteral(
        "from alembic import context\n"
        "from sqlalchemy import engine_from_config, pool\n\n"
        "config = context.config\n"
        "connectable = engine_from_config(config.get_section(config.config_ini_section), prefix='sqlalchemy.',\n"
        "                                 poolclass=pool.NullPool)\n"
        "with connectable.connect() as connection:\n"
        "    context.configure(connection=connection, target_metadata=None)\n"
        "    with context.begin_transaction():\n"
        "        context.run_migrations()\n"));
    for (const GeneratedRevision &r : revisions) {
        const QString text = QStringLiteral(
            "\"\"\"%1\n\nRevision ID: %2\nRevises: %3\nCreate Date: 2026-11-25 12:00:00.000000\n\n\"\"\"\n"
            "from alembic import op\nimport sqlalchemy as sa\n\n\n"
            "# revision identifiers, used by Alembic.\n"
            "revision = '%2'\ndown_revision = %4\nbranch_labels = %5\ndepends_on = %6\n\n\n"
            "def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n")
            .arg(r.message, r.id, r.down.join(QStringLiteral(", ")), pyList(r.down), pyList(r.labels), pyList(r.dependsOn));
        ok = ok && write(dir + QStringLiteral("/alembic/versions/%1_%2.py").arg(r.id, QString(r.message).replace(QLatin1Char(' '), QLatin1Char('_'))), text);
    }
    return ok;
}

} // namespace retort::test
