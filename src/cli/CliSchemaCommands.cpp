// retort-cli inspect: the live schema, read with a few catalog queries.
#include "CliApp.h"

#include "connection/Connection.h"
#include "models/ModelJson.h"
#include "project/Project.h"
#include "schema/SchemaJson.h"
#include "schema/SchemaReader.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>

namespace retort::cli {

int CliApp::runInspect(const QCommandLineParser &args)
{
    if (!args.positionalArguments().isEmpty())
        return usage(QStringLiteral("inspect takes no arguments, got '%1'").arg(args.positionalArguments().first()));
    // A project is optional: --url or RETORT_DATABASE_URL is enough.
    std::optional<Project> p;
    if (Result<Project> opened = Project::open(m_projectDir.isEmpty() ? QDir::currentPath() : m_projectDir))
        p = opened.value();
    else if (!m_projectDir.isEmpty())
        return fail(opened.error());
    std::unique_ptr<Connection> connection = connect(p ? &*p : nullptr);
    if (!connection)
        return Failure;
    IntrospectionOptions options;
    options.schema = args.value(QStringLiteral("schema"));
    QElapsedTimer timer;
    timer.start();
    Result<Schema> schema = introspectSchema(*connection, options);
    if (!schema)
        return fail(schema.error());
    const qint64 ms = timer.elapsed();
    if (args.isSet(QStringLiteral("json"))) {
        m_out << QJsonDocument(introspectionToJson(*schema, connection->dialect())).toJson(QJsonDocument::Indented);
        m_out.flush();
        return Success;
    }
    m_out << "# " << schema->name << ": " << schema->tables.size() << " tables, " << schema->views.size() << " views, read in "
          << ms << " ms\n";
    for (const Table &t : schema->tables) {
        m_out << t.name << (t.comment.isEmpty() ? QString() : QStringLiteral("  -- ") + t.comment) << "\n";
        int width = 0;
        for (const Column &c : t.columns)
            width = std::max(width, int(c.name.size()));
        for (const Column &c : t.columns) {
            QStringList flags;
            if (c.primaryKey)
                flags << QStringLiteral("PK");
            flags << (c.nullable ? QStringLiteral("NULL") : QStringLiteral("NOT NULL"));
            if (!c.defaultValue.isEmpty())
                flags << QStringLiteral("DEFAULT ") + c.defaultValue;
            if (c.autoincrement)
                flags << QStringLiteral("AUTOINCREMENT");
            m_out << "  " << c.name.leftJustified(width) << "  " << c.type << "  " << flags.join(QLatin1Char(' ')) << "\n";
        }
        for (const ForeignKey &f : t.foreignKeys) {
            m_out << "  foreign key " << (f.name.isEmpty() ? QStringLiteral("(unnamed)") : f.name) << " ("
                  << f.columns.join(QStringLiteral(", ")) << ") -> " << f.referredTable << " (" << f.referredColumns.join(QStringLiteral(", "))
                  << ")" << (f.onDelete.isEmpty() ? QString() : QStringLiteral(" ON DELETE ") + f.onDelete)
                  << (f.onUpdate.isEmpty() ? QString() : QStringLiteral(" ON UPDATE ") + f.onUpdate) << "\n";
        }
        for (const UniqueConstraint &u : t.uniqueConstraints)
            m_out << "  unique " << (u.name.isEmpty() ? QStringLiteral("(unnamed)") : u.name) << " (" << u.columns.join(QStringLiteral(", ")) << ")\n";
        for (const CheckConstraint &c : t.checkConstraints)
            m_out << "  check " << (c.name.isEmpty() ? QStringLiteral("(unnamed)") : c.name) << " " << c.sqltext << "\n";
        for (const Index &i : t.indexes) {
            if (i.backsConstraint)
                continue;
            QStringList parts;
            for (qsizetype k = 0; k < i.columns.size(); ++k)
                parts << (i.columns.at(k).isEmpty() ? i.expressions.value(k) : i.columns.at(k));
            m_out << "  " << (i.unique ? "unique index " : "index ") << i.name << " (" << parts.join(QStringLiteral(", ")) << ")\n";
        }
    }
    if (!schema->views.isEmpty())
        m_out << "views: " << schema->views.join(QStringLiteral(", ")) << "\n";
    for (const EnumType &e : schema->enums)
        m_out << "enum " << e.name << " (" << e.values.join(QStringLiteral(", ")) << ")\n";
    m_out.flush();
    return Success;
}

} // namespace retort::cli
