// Revision files in Alembic's own layout, so `alembic` reads what Retort writes.
#include "migrations/RevisionWriter.h"

#include "sql/TypeText.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSaveFile>

namespace retort {

namespace {

// Alembic's generic script.py.mako, for projects that have none.
const char *const kDefaultTemplate = R"("""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
)";

QString reprOfDown(const QStringList &down)
{
    if (down.isEmpty())
        return QStringLiteral("None");
    if (down.size() == 1)
        return pyStringLiteral(down.first());
    QStringList parts;
    for (const QString &d : down)
        parts << pyStringLiteral(d);
    return QLatin1Char('(') + parts.join(QStringLiteral(", ")) + QLatin1Char(')');
}

// Lines after the first carry the template's indentation of the expression.
QString indentedBody(const QString &body)
{
    QStringList lines = body.split(QLatin1Char('\n'));
    for (int i = 1; i < lines.size(); ++i) {
        if (!lines[i].isEmpty())
            lines[i] = QStringLiteral("    ") + lines[i];
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

QString newRevisionId(const RevisionGraph &graph)
{
    while (true) {
        const QString id = QStringLiteral("%1").arg(QRandomGenerator::global()->generate64() & 0xffffffffffffULL, 12, 16, QLatin1Char('0'));
        if (graph.indexOf(id) < 0)
            return id;
    }
}

QString revisionFileName(const QString &revision, const QString &message)
{
    static const QRegularExpression word(QStringLiteral("\\w+"), QRegularExpression::UseUnicodePropertiesOption);
    QStringList words;
    QRegularExpressionMatchIterator it = word.globalMatch(message);
    while (it.hasNext())
        words << it.next().captured(0);
    QString slug = words.join(QLatin1Char('_')).toLower();
    if (slug.size() > 40) {
        slug = slug.left(40);
        slug = slug.left(std::max<qsizetype>(0, slug.lastIndexOf(QLatin1Char('_')))) + QLatin1Char('_');
    }
    return QStringLiteral("%1_%2.py").arg(revision, slug);
}

Result<RenderedRevision> renderRevision(const Project &project, const RevisionGraph &graph, const NewRevision &revision)
{
    if (project.versionLocations().isEmpty())
        return makeError(QStringLiteral("The project has no version folder to write the revision into."));
    QString templ = QString::fromUtf8(kDefaultTemplate);
    const QString templatePath = QDir(project.scriptLocation()).filePath(QStringLiteral("script.py.mako"));
    QFile templateFile(templatePath);
    if (templateFile.exists()) {
        if (!templateFile.open(QIODevice::ReadOnly))
            return makeError(QStringLiteral("Cannot read %1: %2.").arg(templatePath, templateFile.errorString()));
        templ = QString::fromUtf8(templateFile.readAll());
    }
    const QString id = newRevisionId(graph);
    const QDateTime now = QDateTime::currentDateTime();
    const QString createDate = now.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")) + QStringLiteral("000");
    // The message goes into the template's docstring: backslashes and quotes escaped, so neither '"""'
    // (which would end the docstring and start code) nor a backslash sequence changes what the file
    // says. A template that puts it anywhere else (a comment, say) gets it on one line.
    QString message = revision.message;
    message.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
    static const QRegularExpression inDocstring(QStringLiteral(R"(^"""\$\{message\})"));
    if (!inDocstring.match(templ).hasMatch() || templ.count(QStringLiteral("${message}")) != 1)
        message = message.simplified();
    const QHash<QString, QString> values{
        {QStringLiteral("message"), message},
        {QStringLiteral("up_revision"), id},
        {QStringLiteral("down_revision | comma,n"), revision.downRevisions.join(QStringLiteral(", "))},
        {QStringLiteral("create_date"), createDate},
        {QStringLiteral("imports if imports else \"\""), revision.imports},
        {QStringLiteral("repr(up_revision)"), pyStringLiteral(id)},
        {QStringLiteral("repr(down_revision)"), reprOfDown(revision.downRevisions)},
        {QStringLiteral("repr(branch_labels)"), QStringLiteral("None")},
        {QStringLiteral("repr(depends_on)"), QStringLiteral("None")},
        {QStringLiteral("upgrades if upgrades else \"pass\""),
         revision.upgradeBody.isEmpty() ? QStringLiteral("pass") : indentedBody(revision.upgradeBody)},
        {QStringLiteral("downgrades if downgrades else \"pass\""),
         revision.downgradeBody.isEmpty() ? QStringLiteral("pass") : indentedBody(revision.downgradeBody)},
    };
    const auto unsupported = [&](qsizetype at, const QString &what) {
        const int line = int(templ.left(at).count(QLatin1Char('\n'))) + 1;
        Error e = makeError(QStringLiteral("%1 uses %2, which is Mako beyond Alembic's standard template; Retort does not "
                                           "render it, so use alembic for this.")
                                .arg(templateFile.exists() ? QStringLiteral("The project's script.py.mako") : QStringLiteral("The template"),
                                     what));
        e.file = templatePath;
        e.line = line;
        return e;
    };
    // Mako control lines and blocks in the template itself (never in the values put into it).
    static const QRegularExpression control(QStringLiteral(R"((<%|^[ \t]*%[ \t]*\w))"), QRegularExpression::MultilineOption);
    const QRegularExpressionMatch block = control.match(templ);
    if (block.hasMatch())
        return unsupported(block.capturedStart(), QStringLiteral("'%1'").arg(block.captured(0).trimmed()));
    // One pass over the template: each ${…} is replaced once, so a value that contains "${" stays text.
    static const QRegularExpression expression(QStringLiteral(R"(\$\{([^}]*)\})"));
    QString text;
    qsizetype done = 0;
    QRegularExpressionMatchIterator it = expression.globalMatch(templ);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const QString key = m.captured(1).trimmed();
        if (!values.contains(key))
            return unsupported(m.capturedStart(), m.captured(0));
        text += QStringView(templ).mid(done, m.capturedStart() - done);
        text += values.value(key);
        done = m.capturedEnd();
    }
    text += QStringView(templ).mid(done);
    RenderedRevision out;
    out.id = id;
    out.path = QDir(project.versionLocations().first()).filePath(revisionFileName(id, revision.message));
    out.text = text;
    return out;
}

Result<QString> saveRevisionFile(const QString &path, const QString &text)
{
    if (QFileInfo::exists(path))
        return makeError(QStringLiteral("%1 already exists; Retort never overwrites a revision file.").arg(path));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(QStringLiteral("Cannot write %1: %2.").arg(path, file.errorString()));
    file.write(text.toUtf8());
    if (!file.commit())
        return makeError(QStringLiteral("Cannot write %1: %2.").arg(path, file.errorString()));
    return path;
}

Result<QString> writeRevision(const Project &project, const RevisionGraph &graph, const NewRevision &revision)
{
    Result<RenderedRevision> rendered = renderRevision(project, graph, revision);
    if (!rendered)
        return rendered.error();
    return saveRevisionFile(rendered->path, rendered->text);
}

Result<QString> writeMergeOfHeads(const Project &project, const RevisionGraph &graph, const QString &message)
{
    const QVector<int> heads = graph.heads();
    if (heads.size() < 2)
        return makeError(QStringLiteral("There is only one head; there is nothing to merge."));
    NewRevision merge;
    merge.message = message.isEmpty() ? QStringLiteral("merge heads") : message;
    merge.downRevisions = graph.ids(heads);
    return writeRevision(project, graph, merge);
}

} // namespace retort
