// lint: the migration linter's findings for a range of revisions, as text, JSON or SARIF.
// diagram: the entity-relationship picture of the models, the database or both, as SVG or DOT.
#include "CliApp.h"

#include "diagram/SchemaDiagram.h"
#include "lint/MigrationLint.h"
#include "models/ModelReader.h"
#include "project/DatabaseUrlSource.h"

#include <QFile>
#include <QSaveFile>

namespace retort::cli {

namespace {

const QString kProgram = QStringLiteral("retort-cli");

} // namespace

int CliApp::runLint(const QCommandLineParser &args)
{
    if (args.isSet(QStringLiteral("rules"))) {
        for (const LintRule &r : lintRules())
            m_out << r.id << "  " << lintSeverityName(r.severity) << "  " << r.engines << "  " << r.category << "\n    " << r.summary
                  << "\n    why: " << r.why << "\n    safer: " << r.saferWay << "\n";
        m_out.flush();
        return Success;
    }
    const QStringList ranges = positional(args);
    if (ranges.size() > 1)
        return usage(QStringLiteral("lint takes one range: START:END, or one revision"));
    const QString format = args.isSet(QStringLiteral("format")) ? args.value(QStringLiteral("format")).toLower() : QStringLiteral("text");
    if (format != QLatin1String("text") && format != QLatin1String("json") && format != QLatin1String("sarif"))
        return usage(QStringLiteral("--format must be text, json or sarif, not '%1'").arg(format));
    std::unique_ptr<MigrationProject> opened = migrationProject(false);
    if (!opened) return Failure;

    LintOptions options;
    options.projectRoot = opened->project().rootDir();
    options.downgrades = args.isSet(QStringLiteral("downgrades"));
    if (args.value(QStringLiteral("dialect")).toLower() == QLatin1String("all")) {
        // every engine's rules
    } else if (args.isSet(QStringLiteral("dialect"))) {
        Dialect dialect = Dialect::SQLite;
        bool mariadb = false;
        if (const int status = schemaDialect(args, opened->project(), &dialect, &mariadb); status != Success)
            return status;
        options.dialects = {dialect};
    } else if (Result<ResolvedDatabaseUrl> url = resolveDatabaseUrl(&opened->project(), databaseUrlInputsFromEnvironment(m_url))) {
        options.dialects = {url->url.dialect()};
    }
    if (!ranges.isEmpty()) {
        QString error;
        options.revisions = lintRange(opened->graph(), ranges.first(), &error);
        if (options.revisions.isEmpty())
            return fail(error);
    }
    const LintReport report = lintHistory(opened->operations(), options);
    if (format == QLatin1String("json"))
        m_out << lintJson(report, options.projectRoot);
    else if (format == QLatin1String("sarif"))
        m_out << lintSarif(report, options.projectRoot);
    else {
        QStringList engines;
        for (Dialect d : options.dialects)
            engines << dialectDisplayName(d);
        m_out << "# lint for " << (engines.isEmpty() ? QStringLiteral("SQLite, PostgreSQL and MySQL/MariaDB") : engines.join(QStringLiteral(", ")))
              << ", without a database\n"
              << lintText(report, options.projectRoot);
    }
    m_out.flush();
    return report.errorCount() > 0 ? Failure : Success;
}

int CliApp::runDiagram(const QCommandLineParser &args)
{
    if (!positional(args).isEmpty())
        return usage(QStringLiteral("diagram takes no arguments"));
    const QString format = args.isSet(QStringLiteral("format")) ? args.value(QStringLiteral("format")).toLower() : QStringLiteral("svg");
    if (format != QLatin1String("svg") && format != QLatin1String("dot"))
        return usage(QStringLiteral("--format must be svg or dot, not '%1'").arg(format));
    std::optional<Project> p = project();
    if (!p) return Failure;
    const QString source = args.isSet(QStringLiteral("source")) ? args.value(QStringLiteral("source")).toLower() : QStringLiteral("models");
    if (source != QLatin1String("models") && source != QLatin1String("database") && source != QLatin1String("both"))
        return usage(QStringLiteral("--source must be models, database or both, not '%1'").arg(source));

    Diagram diagram;
    if (source == QLatin1String("models")) {
        const ModelSet models = readProjectModels(*p, comparisonOptions(args).models);
        for (const ModelDiagnostic &d : models.diagnostics)
            m_err << kProgram << ": " << (d.source.file.isEmpty() ? d.message : d.toString()) << Qt::endl;
        diagram = diagramOfModels(models);
    } else {
        std::optional<ProjectComparison> compared = compareWithDatabase(args, DatabaseState::Any);
        if (!compared) return Failure;
        const QStringList ignored = comparisonOptions(args).compare.ignoredTables << p->versionTable();
        diagram = source == QLatin1String("database")
                      ? diagramOfSchema(*compared->live, ignored)
                      : diagramOfComparison(*compared->models, *compared->live, compared->differences, ignored);
    }
    QByteArray out;
    if (format == QLatin1String("dot")) {
        out = diagramDot(diagram).toUtf8();
    } else {
        if (Status laid = layoutDiagram(diagram); !laid)
            return fail(laid.error());
        out = diagramSvg(diagram);
    }
    const QString path = args.value(QStringLiteral("output"));
    if (path.isEmpty() || path == QLatin1String("-")) {
        m_out.flush();
        m_out.device() ? void(m_out.device()->write(out)) : void(m_out << QString::fromUtf8(out));
        m_out.flush();
    } else {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(out) != out.size() || !file.commit())
            return fail(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
        m_err << kProgram << ": " << diagram.tables.size() << " table(s), " << diagram.edges.size() << " foreign key(s) written to " << path << Qt::endl;
    }
    return Success;
}

} // namespace retort::cli
