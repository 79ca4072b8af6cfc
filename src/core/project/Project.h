// An opened Alembic / Flask project: where its alembic.ini, script directory and Flask instance
// configuration are. Opening reads files only; nothing in the project is executed.
#pragma once

#include "Result.h"

#include <QString>
#include <QStringList>

namespace retort {

class IniFile;

/// One entry of alembic.ini's [post_write_hooks]: a program run on each revision file written.
struct PostWriteHook
{
    QString name;
    QString type;          ///< "console_scripts" or "exec" (Alembic 1.12+); anything else is refused when run
    QString entrypoint;    ///< console_scripts: the entry point's name
    QString executable;    ///< exec: the program
    QString options;       ///< shell-quoted arguments; REVISION_SCRIPT_FILENAME is the file
    QString cwd;
    int line = 0;          ///< of "<name>.type" in the settings file (of "hooks" when absent)
};

/// How new revision files are named and written: alembic.ini's file_template, truncate_slug_length,
/// timezone, output_encoding and [post_write_hooks].
struct RevisionFileSettings
{
    QString fileTemplate = QStringLiteral("%(rev)s_%(slug)s");   ///< after the ini's own %% unescaping
    int fileTemplateLine = 0;
    int truncateSlugLength = 40;
    QString timezone;                                   ///< IANA name; empty: local time
    int timezoneLine = 0;
    QString outputEncoding = QStringLiteral("utf-8");
    int outputEncodingLine = 0;
    QList<PostWriteHook> hooks;
    QString settingsFile;                               ///< where these came from (messages)
};

class Project
{
public:
    /// Opens dir: a folder with alembic.ini, a Flask app folder with migrations/ (Flask-Migrate),
    /// or a bare Alembic script directory (env.py + versions/).
    static Result<Project> open(const QString &dir);
    /// As alembic -c FILE -n SECTION: the settings from iniPath (when given, instead of the one found
    /// in dir) and its section (when given, instead of [alembic]; several sections, one per database).
    static Result<Project> open(const QString &dir, const QString &iniPath, const QString &section);

    QString rootDir() const { return m_rootDir; }           ///< the application folder (absolute)
    QString iniPath() const { return m_iniPath; }           ///< alembic.ini, empty when the project has none
    QString scriptLocation() const { return m_scriptLocation; }  ///< folder with env.py (absolute)
    QString instanceConfigPath() const { return m_instanceConfig; }  ///< instance/config.py, empty when absent
    QString configPath() const { return m_configPath; }     ///< alembic.ini or pyproject.toml the settings came from
    QString section() const { return m_section; }           ///< the ini section read ("alembic", or -n)

    /// Folders holding revision files (absolute), in Alembic's order; <script_location>/versions by default.
    QStringList versionLocations() const { return m_versionLocations; }
    bool recursiveVersionLocations() const { return m_recursive; }
    /// The version table env.py configures (version_table=…), "alembic_version" by default.
    QString versionTable() const { return m_versionTable; }
    QString versionTableSchema() const { return m_versionTableSchema; }
    QString envPyPath() const;
    /// env.py passes render_as_batch=True to context.configure: the project writes its revisions in
    /// batch mode (op.batch_alter_table), as `alembic revision --autogenerate` would.
    bool rendersAsBatch() const { return m_rendersAsBatch; }
    /// A Flask-Migrate --multidb project: one history, one database per bind (SQLALCHEMY_BINDS and
    /// the default, named ""), revisions with upgrade_<bind>() and downgrade_<bind>() (env.py or the
    /// template runs them by engine_name).
    bool multiDatabase() const { return m_multiDatabase; }
    /// env.py passes include_schemas=True to context.configure(): autogenerate compares every schema.
    bool includesSchemas() const { return m_includesSchemas; }
    /// file_template, truncate_slug_length, timezone, output_encoding, post-write hooks.
    const RevisionFileSettings &revisionFileSettings() const { return m_fileSettings; }
    QString name() const;                                   ///< folder name, for titles

    /// path relative to the project root, for messages and JSON.
    QString relativePath(const QString &path) const;

private:
    QString m_rootDir;
    QString m_iniPath;
    QString m_scriptLocation;
    QString m_instanceConfig;
    QString m_configPath;
    QString m_section = QStringLiteral("alembic");
    QStringList m_versionLocations;
    bool m_recursive = false;
    QString m_versionTable = QStringLiteral("alembic_version");
    QString m_versionTableSchema;
    bool m_rendersAsBatch = false;
    bool m_multiDatabase = false;
    bool m_includesSchemas = false;
    RevisionFileSettings m_fileSettings;

    Status readSettings();
    Status readFileSettings(const IniFile &ini);
    void readEnvPy();
};

} // namespace retort
