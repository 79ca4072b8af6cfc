// retort-cli models: the tables the project's SQLAlchemy models declare, read without Python.
#include "CliApp.h"

#include "models/ModelJson.h"
#include "models/ModelReader.h"
#include "project/Project.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

namespace retort::cli {

namespace {

const QString kProgram = QStringLiteral("retort-cli");

QString where(const ModelSource &s)
{
    return QStringLiteral("%1:%2").arg(s.file).arg(s.line);
}

} // namespace

int CliApp::runModels(const QCommandLineParser &args)
{
    if (!args.positionalArguments().isEmpty())
        return usage(QStringLiteral("models takes no arguments, got '%1'").arg(args.positionalArguments().first()));
    ModelReaderOptions options;
    if (args.isSet(QStringLiteral("flask-naming"))) {
        const QString v = args.value(QStringLiteral("flask-naming"));
        if (v != QLatin1String("2") && v != QLatin1String("3"))
            return usage(QStringLiteral("--flask-naming takes 2 or 3, not '%1'").arg(v));
        options.flaskNaming = v == QLatin1String("2") ? FlaskNaming::V2 : FlaskNaming::V3;
    }
    options.modelPaths = args.values(QStringLiteral("models"));
    // With --models no Alembic project is needed: the paths are read from the folder given, or this one.
    const QString folder = m_projectDir.isEmpty() ? QDir::currentPath() : m_projectDir;
    std::optional<Project> project;
    if (Result<Project> opened = Project::open(folder, m_config, m_section); opened)
        project = opened.value();
    else if (options.modelPaths.isEmpty())
        return fail(opened.error());
    const QString root = project ? project->rootDir() : folder;
    for (const QString &p : std::as_const(options.modelPaths)) {
        if (!QFileInfo::exists(QDir(root).absoluteFilePath(p)))
            return fail(QStringLiteral("the models path '%1' does not exist").arg(p));
    }
    const ModelSet set = project ? readProjectModels(*project, options) : readModelPaths(root, options);

    if (args.isSet(QStringLiteral("json"))) {
        m_out << QJsonDocument(modelSetToJson(set)).toJson(QJsonDocument::Indented);
        m_out.flush();
        return Success;
    }
    m_out << "# " << set.files.join(QStringLiteral(", ")) << "; " << set.flaskNamingReason << "\n";
    if (set.tables.isEmpty())
        m_out << "(no tables)\n";
    for (const ModelTable &t : set.tables) {
        QString heading = t.qualifiedName();
        if (!t.bindKey.isEmpty())
            heading += QStringLiteral(" [bind %1]").arg(t.bindKey);
        m_out << heading << "  (" << (t.classes.isEmpty() ? QStringLiteral("Table") : t.classes.join(QStringLiteral(", ")))
              << ", " << where(t.source) << ")\n";
        int nameWidth = 0;
        int typeWidth = 0;
        for (const ModelColumn &c : t.columns) {
            nameWidth = std::max(nameWidth, int(c.column.name.size()));
            typeWidth = std::max(typeWidth, int(sqlTypeText(c.column.type).size()));
        }
        for (const ModelColumn &c : t.columns) {
            QStringList flags;
            if (c.column.primaryKey)
                flags << QStringLiteral("PK");
            flags << (c.column.isNullable() ? QStringLiteral("NULL") : QStringLiteral("NOT NULL"));
            if (c.column.serverDefault)
                flags << QStringLiteral("DEFAULT ") + serverDefaultText(*c.column.serverDefault);
            const QString type = c.typeKnown ? sqlTypeText(c.column.type) : QStringLiteral("?");
            m_out << "  " << c.column.name.leftJustified(nameWidth) << "  " << type.leftJustified(typeWidth) << "  "
                  << flags.join(QLatin1Char(' ')) << "  " << where(c.source) << "\n";
        }
        for (const ModelConstraint &mc : t.constraints) {
            const ConstraintDef &c = mc.constraint;
            const QString name = c.name.isEmpty() ? QStringLiteral("(unnamed)") : c.name;
            switch (c.kind) {
            case ConstraintDef::Kind::PrimaryKey:
                if (!c.name.isEmpty())
                    m_out << "  primary key " << name << " (" << c.columns.join(QStringLiteral(", ")) << ")\n";
                break;
            case ConstraintDef::Kind::ForeignKey:
                m_out << "  foreign key " << name << " (" << c.columns.join(QStringLiteral(", ")) << ") -> " << c.refTable
                      << " (" << c.refColumns.join(QStringLiteral(", ")) << ")"
                      << (c.ondelete.isEmpty() ? QString() : QStringLiteral(" ON DELETE ") + c.ondelete)
                      << (c.onupdate.isEmpty() ? QString() : QStringLiteral(" ON UPDATE ") + c.onupdate) << "  " << where(mc.source) << "\n";
                break;
            case ConstraintDef::Kind::Unique:
                m_out << "  unique " << name << " (" << c.columns.join(QStringLiteral(", ")) << ")  " << where(mc.source) << "\n";
                break;
            case ConstraintDef::Kind::Check:
                m_out << "  check " << name << " (" << c.sqltext << ")  " << where(mc.source) << "\n";
                break;
            }
        }
        for (const ModelIndex &mi : t.indexes) {
            m_out << "  " << (mi.index.unique ? "unique index " : "index ") << mi.index.name << " ("
                  << mi.index.expressions.join(QStringLiteral(", ")) << ")  " << where(mi.source) << "\n";
        }
    }
    m_out.flush();
    for (const ModelDiagnostic &d : set.diagnostics) {
        m_err << (d.source.file.isEmpty() ? QString() : where(d.source) + QStringLiteral(": "))
              << (d.severity == ModelDiagnostic::Severity::Error ? "error: " : "warning: ") << d.message << Qt::endl;
    }
    return Success;
}

} // namespace retort::cli
