// Revision files in Alembic's own layout, so `alembic` reads what Retort writes.
#include "migrations/RevisionWriter.h"

#include "project/ProjectInit.h"
#include "sql/TypeText.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStringDecoder>
#include <QStringEncoder>
#include <QTimeZone>

namespace retort {

namespace {


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

// repr() of branch_labels as Alembic gives them to the template: None or a tuple.
QString reprOfLabels(const QStringList &labels)
{
    if (labels.isEmpty())
        return QStringLiteral("None");
    QStringList parts;
    for (const QString &l : labels)
        parts << pyStringLiteral(l);
    return QLatin1Char('(') + parts.join(QStringLiteral(", ")) + (labels.size() == 1 ? QStringLiteral(",)") : QStringLiteral(")"));
}

// repr() of depends_on: None, the one id, or a list of them.
QString reprOfDepends(const QStringList &depends)
{
    if (depends.isEmpty())
        return QStringLiteral("None");
    if (depends.size() == 1)
        return pyStringLiteral(depends.first());
    QStringList parts;
    for (const QString &d : depends)
        parts << pyStringLiteral(d);
    return QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
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

// A Mako template's text: a magic encoding comment on its first line ("# -*- coding: latin-1 -*-")
// names the template's encoding and is not part of the output, as Mako's lexer does.
Result<QString> makoTemplateText(const QByteArray &bytes, const QString &path)
{
    static const QRegularExpression coding(QStringLiteral(R"(^#.*coding[:=]\s*([-\w.]+).*\r?\n)"));
    const QRegularExpressionMatch m = coding.match(QString::fromLatin1(bytes));
    if (!m.hasMatch())
        return QString::fromUtf8(bytes);
    QStringDecoder decoder(m.captured(1).toLatin1().constData());
    if (!decoder.isValid()) {
        Error e = makeError(QStringLiteral("The template's encoding '%1' is not one Retort knows.").arg(m.captured(1)));
        e.file = path;
        e.line = 1;
        return e;
    }
    return QString(decoder.decode(bytes.mid(m.capturedLength(0))));
}

// The revision's text in the project's output_encoding (Python's codec names, as ICU knows them).
Result<QByteArray> encodeRevision(const QString &text, const QString &encoding, const RevisionFileSettings &settings)
{
    const auto located = [&](const QString &message) {
        Error e = makeError(message);
        e.file = settings.settingsFile;
        e.line = settings.outputEncodingLine;
        return e;
    };
    QStringEncoder encoder(encoding.toLatin1().constData(), QStringConverter::Flag::Stateless);
    if (!encoder.isValid())
        return located(QStringLiteral("output_encoding '%1' is not an encoding Retort knows.").arg(encoding));
    QByteArray bytes = encoder.encode(text);
    // Characters the encoding cannot hold come out as '?': Python refuses them (UnicodeEncodeError).
    QStringDecoder decoder(encoding.toLatin1().constData());
    if (encoder.hasError() || (decoder.isValid() && QString(decoder.decode(bytes)) != text))
        return located(QStringLiteral("The revision's text has characters output_encoding '%1' cannot hold; nothing was written.").arg(encoding));
    return bytes;
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

namespace {

QString slugOf(const QString &message, int truncateLength)
{
    static const QRegularExpression word(QStringLiteral("\\w+"), QRegularExpression::UseUnicodePropertiesOption);
    QStringList words;
    QRegularExpressionMatchIterator it = word.globalMatch(message);
    while (it.hasNext())
        words << it.next().captured(0);
    QString slug = words.join(QLatin1Char('_')).toLower();
    if (slug.size() > truncateLength) {
        // Python: slug[:n].rsplit("_", 1)[0] + "_"
        slug = slug.left(truncateLength);
        const qsizetype cut = slug.lastIndexOf(QLatin1Char('_'));
        if (cut >= 0)
            slug = slug.left(cut);
        slug += QLatin1Char('_');
    }
    return slug;
}

// One %(name)… conversion of Python's printf-style formatting, applied to a string or an integer.
Result<QString> pythonFormat(const QString &flags, int width, int precision, QChar type, const QVariant &value)
{
    const bool left = flags.contains(QLatin1Char('-'));
    QString text;
    if (type == QLatin1Char('s') || type == QLatin1Char('r') || type == QLatin1Char('a')) {
        text = value.typeId() == QMetaType::QString ? value.toString() : QString::number(value.toLongLong());
        if (type != QLatin1Char('s') && value.typeId() == QMetaType::QString)
            text = pyStringLiteral(text);
        if (precision >= 0)
            text = text.left(precision);
        return left ? text.leftJustified(width, QLatin1Char(' ')) : text.rightJustified(width, QLatin1Char(' '));
    }
    if (type == QLatin1Char('d') || type == QLatin1Char('i') || type == QLatin1Char('u')) {
        if (value.typeId() == QMetaType::QString)
            return makeError(QStringLiteral("%%%1 format: a real number is required, not str").arg(type));
        const qint64 n = value.toLongLong();
        QString digits = QString::number(n < 0 ? -n : n);
        if (precision > digits.size())
            digits = digits.rightJustified(precision, QLatin1Char('0'));
        const QString sign = n < 0 ? QStringLiteral("-") : flags.contains(QLatin1Char('+')) ? QStringLiteral("+")
                                                          : flags.contains(QLatin1Char(' ')) ? QStringLiteral(" ") : QString();
        if (left)
            return (sign + digits).leftJustified(width, QLatin1Char(' '));
        if (flags.contains(QLatin1Char('0')))
            return sign + digits.rightJustified(std::max<int>(0, width - int(sign.size())), QLatin1Char('0'));
        return (sign + digits).rightJustified(width, QLatin1Char(' '));
    }
    return makeError(QStringLiteral("'%%%1' is a conversion Retort does not format in file names (it knows s, d and i)").arg(type));
}

} // namespace

Result<QString> revisionFileName(const RevisionFileSettings &settings, const QString &revision, const QString &message,
                                 const QDateTime &createDate)
{
    const QHash<QString, QVariant> values{
        {QStringLiteral("rev"), revision},
        // Alembic: "truncate_slug_length or 40", so 0 means the default.
        {QStringLiteral("slug"), slugOf(message, settings.truncateSlugLength > 0 ? settings.truncateSlugLength : 40)},
        {QStringLiteral("epoch"), createDate.toSecsSinceEpoch()},
        {QStringLiteral("year"), createDate.date().year()},
        {QStringLiteral("month"), createDate.date().month()},
        {QStringLiteral("day"), createDate.date().day()},
        {QStringLiteral("hour"), createDate.time().hour()},
        {QStringLiteral("minute"), createDate.time().minute()},
        {QStringLiteral("second"), createDate.time().second()},
    };
    const auto bad = [&](const QString &why) {
        Error e = makeError(QStringLiteral("file_template '%1' cannot name a revision file: %2.").arg(settings.fileTemplate, why));
        e.file = settings.settingsFile;
        e.line = settings.fileTemplateLine;
        return e;
    };
    static const QRegularExpression spec(QStringLiteral(R"(%(?:%|\(([^)]*)\)([-+ #0]*)(\d*)(?:\.(\d*))?([a-zA-Z])|(.?)))"));
    const QString &templ = settings.fileTemplate;
    QString name;
    qsizetype done = 0;
    QRegularExpressionMatchIterator it = spec.globalMatch(templ);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        name += QStringView(templ).mid(done, m.capturedStart() - done);
        done = m.capturedEnd();
        if (m.captured(0) == QLatin1String("%%")) {
            name += QLatin1Char('%');
            continue;
        }
        if (m.capturedLength(5) == 0)
            return bad(QStringLiteral("'%1' at position %2 is not a %(name)s conversion").arg(m.captured(0)).arg(m.capturedStart() + 1));
        const QString key = m.captured(1);
        if (!values.contains(key))
            return bad(QStringLiteral("%(%1) is not a token Alembic knows (rev, slug, epoch, year, month, day, hour, minute, second)").arg(key));
        const int precision = m.capturedStart(4) >= 0 ? m.captured(4).toInt() : -1;
        Result<QString> part = pythonFormat(m.captured(2), m.captured(3).toInt(), precision, m.captured(5).at(0), values.value(key));
        if (!part)
            return bad(part.error().message);
        name += *part;
    }
    name += QStringView(templ).mid(done);
    name += QStringLiteral(".py");
    // The name stays a file in the version folder: no folders, no way up, nothing hidden.
    if (name.contains(QLatin1Char('/')) || name.contains(QLatin1Char('\\')) || name.contains(QChar(0)) || name.startsWith(QLatin1Char('.')))
        return bad(QStringLiteral("the name '%1' is not a plain file name in the version folder").arg(name));
    if (name.toUtf8().size() > 255)
        return bad(QStringLiteral("the name is longer than a file name may be (255 bytes)"));
    return name;
}

QString revisionFileName(const QString &revision, const QString &message)
{
    return QStringLiteral("%1_%2.py").arg(revision, slugOf(message, 40));
}

Result<QDateTime> revisionCreateDate(const RevisionFileSettings &settings)
{
    if (settings.timezone.isEmpty())
        return QDateTime::currentDateTime();
    QTimeZone zone(settings.timezone.toUtf8());
    if (!zone.isValid())
        zone = QTimeZone(settings.timezone.toUpper().toUtf8());
    if (!zone.isValid()) {
        Error e = makeError(QStringLiteral("Can't locate timezone: %1").arg(settings.timezone));
        e.file = settings.settingsFile;
        e.line = settings.timezoneLine;
        return e;
    }
    return QDateTime::currentDateTimeUtc().toTimeZone(zone);
}

QString pythonDateText(const QDateTime &date, bool withOffset)
{
    QString text = date.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (date.time().msec() != 0)
        text += QLatin1Char('.') + QStringLiteral("%1").arg(date.time().msec(), 3, 10, QLatin1Char('0')) + QStringLiteral("000");
    if (withOffset) {
        const int offset = date.offsetFromUtc();
        const int minutes = std::abs(offset) / 60;
        text += QStringLiteral("%1%2:%3").arg(offset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
                    .arg(minutes / 60, 2, 10, QLatin1Char('0')).arg(minutes % 60, 2, 10, QLatin1Char('0'));
    }
    return text;
}

Result<QString> versionFolderFor(const Project &project, const RevisionGraph &graph, const NewRevision &revision)
{
    const QStringList locations = project.versionLocations();
    if (locations.isEmpty())
        return makeError(QStringLiteral("The project has no version folder to write the revision into."));
    if (!revision.versionPath.isEmpty()) {
        const QString wanted = QDir::cleanPath(QDir(project.rootDir()).absoluteFilePath(revision.versionPath));
        for (const QString &location : locations) {
            if (QDir::cleanPath(location) == wanted)
                return location;
        }
        return makeError(QStringLiteral("Path %1 is not represented in current version locations").arg(revision.versionPath));
    }
    if (locations.size() == 1)
        return locations.first();
    for (const QString &down : revision.downRevisions) {
        const int at = graph.indexOf(down);
        if (at >= 0)
            return QFileInfo(graph.scriptOf(at).path).absolutePath();
    }
    return makeError(QStringLiteral("Multiple version locations present, please specify --version-path"));
}

Result<RenderedRevision> renderRevision(const Project &project, const RevisionGraph &graph, const NewRevision &revision)
{
    Result<QString> folder = versionFolderFor(project, graph, revision);
    if (!folder)
        return folder.error();
    QString templ = defaultScriptTemplate();
    const QString templatePath = QDir(project.scriptLocation()).filePath(QStringLiteral("script.py.mako"));
    QFile templateFile(templatePath);
    if (templateFile.exists()) {
        if (!templateFile.open(QIODevice::ReadOnly))
            return makeError(QStringLiteral("Cannot read %1: %2.").arg(templatePath, templateFile.errorString()));
        Result<QString> read = makoTemplateText(templateFile.readAll(), templatePath);
        if (!read)
            return read.error();
        templ = *read;
    }
    const RevisionFileSettings &settings = project.revisionFileSettings();
    const QString id = revision.revisionId.isEmpty() ? newRevisionId(graph) : revision.revisionId;
    if (!revision.revisionId.isEmpty()) {
        QString illegal;
        for (const QChar c : {QLatin1Char('@'), QLatin1Char('-'), QLatin1Char('+')}) {
            if (id.contains(c))
                illegal += c;
        }
        if (!illegal.isEmpty())
            return makeError(QStringLiteral("Character(s) '%1' not allowed in revision identifier '%2'").arg(illegal, id));
        static const QRegularExpression plain(QStringLiteral(R"(^[A-Za-z0-9_.]+$)"));
        if (!plain.match(id).hasMatch() || id.startsWith(QLatin1Char('.')))
            return makeError(QStringLiteral("'%1' is not a revision id Retort writes: use letters, digits and '_'.").arg(id));
        // Alembic writes a second file with the same id, and the history no longer loads.
        if (graph.indexOf(id) >= 0)
            return makeError(QStringLiteral("Revision %1 already exists (%2); give another --rev-id.")
                                 .arg(id, graph.scriptOf(graph.indexOf(id)).path));
    }
    Result<QDateTime> now = revisionCreateDate(settings);
    if (!now)
        return now.error();
    Result<QString> fileName = revisionFileName(settings, id, revision.message, *now);
    if (!fileName)
        return fileName.error();
    const QString createDate = pythonDateText(*now, !settings.timezone.isEmpty());
    // The message goes into the template's docstring: backslashes and quotes escaped, so neither '"""'
    // (which would end the docstring and start code) nor a backslash sequence changes what the file
    // says. A template that puts it anywhere else (a comment, say) gets it on one line.
    // Alembic: "empty message" in the file when there is none (the file name's slug stays empty).
    QString message = revision.message.isEmpty() ? QStringLiteral("empty message") : revision.message;
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
        {QStringLiteral("repr(branch_labels)"), reprOfLabels(revision.branchLabels)},
        {QStringLiteral("repr(depends_on)"), reprOfDepends(revision.dependsOn)},
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
    out.path = QDir(*folder).filePath(*fileName);
    out.text = text;
    out.encoding = settings.outputEncoding;
    if (Result<QByteArray> bytes = encodeRevision(out.text, out.encoding, settings); !bytes)
        return bytes.error();
    return out;
}

Result<QString> saveRevisionFile(const QString &path, const QString &text, const QString &encoding)
{
    if (QFileInfo::exists(path) || QFileInfo(path).isSymLink())
        return makeError(QStringLiteral("%1 already exists; Retort never overwrites a revision file.").arg(path));
    Result<QByteArray> bytes = encodeRevision(text, encoding, RevisionFileSettings{});
    if (!bytes)
        return bytes.error();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(QStringLiteral("Cannot write %1: %2.").arg(path, file.errorString()));
    file.write(*bytes);
    if (!file.commit())
        return makeError(QStringLiteral("Cannot write %1: %2.").arg(path, file.errorString()));
    return path;
}

Result<QString> writeRevision(const Project &project, const RevisionGraph &graph, const NewRevision &revision)
{
    Result<RenderedRevision> rendered = renderRevision(project, graph, revision);
    if (!rendered)
        return rendered.error();
    return saveRevisionFile(rendered->path, rendered->text, rendered->encoding);
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

Result<RenderedRevision> renderMerge(const Project &project, const RevisionGraph &graph, const QStringList &revisions,
                                     const NewRevision &options)
{
    NewRevision merge = options;
    merge.downRevisions.clear();
    try {
        for (const int index : graph.getRevisions(revisions)) {
            if (index >= 0 && !merge.downRevisions.contains(graph.at(index).id))
                merge.downRevisions << graph.at(index).id;
        }
    } catch (const RevisionGraph::GraphError &e) {
        return makeError(e.message.isEmpty() ? QStringLiteral("Can't locate revision identified by '%1'").arg(e.argument) : e.message);
    }
    if (merge.downRevisions.isEmpty())
        return makeError(QStringLiteral("No revisions to merge."));
    return renderRevision(project, graph, merge);
}

} // namespace retort
