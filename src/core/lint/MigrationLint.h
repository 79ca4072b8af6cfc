// The migration linter: what in a revision can lose data, fail on a table that has rows, hold long
// locks, or trip over an engine's or Alembic's habits, found from the operations read without
// running anything. Each finding has a rule id, the file:line, the engine it concerns, why it is
// dangerous and a safer way. The history is replayed in memory (SchemaApplier) so a rule knows
// whether a table existed before the revision, its columns' types and who references it.
#pragma once

#include "connection/DatabaseUrl.h"

#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace retort {

class RevisionOperationSource;
class RevisionGraph;

enum class LintSeverity { Warning, Error };
QString lintSeverityName(LintSeverity severity);   ///< "warning", "error"

/// One rule of the catalogue, as the README and `retort-cli lint --rules` document it.
struct LintRule
{
    QString id;                  ///< "drop-column"
    LintSeverity severity = LintSeverity::Warning;
    QString category;            ///< "data loss", "fails on a non-empty table", "long lock", "engine trap", "Alembic trap"
    QString engines;             ///< "any", "postgresql", "mysql", "sqlite"
    QString summary;             ///< what it catches, one line
    QString why;                 ///< why it is dangerous
    QString saferWay;            ///< what to do instead
};
/// Every rule, in the order of the README.
const QList<LintRule> &lintRules();
const LintRule *lintRule(const QString &id);

struct LintFinding
{
    QString rule;
    LintSeverity severity = LintSeverity::Warning;
    QString revision;            ///< empty for findings about the whole history
    QString file;                ///< absolute path
    int line = 0;
    QString engine;              ///< "postgresql", "mysql", "sqlite", or "any"
    QString message;             ///< what this revision does, in its names
    QString why;                 ///< the rule's reason, made specific where it can be
    QString saferWay;
    bool upgrade = true;         ///< found in upgrade() (false: downgrade())
};

struct LintOptions
{
    /// The engines to check for; empty: the engine-specific rules for every engine.
    QList<Dialect> dialects;
    /// Revisions to check (graph indexes); empty: every revision. Graph-wide rules always run.
    QList<int> revisions;
    /// Check downgrade() as well as upgrade() (the plan dialog, for a downgrade: only downgrade()).
    bool upgrades = true;
    bool downgrades = false;
    /// Where the project's own modules live (imports of them are reported); empty: not checked.
    QString projectRoot;
    /// Asked between revisions: true stops the walk (the report then holds what was found so far).
    std::function<bool()> cancelled;
};

struct LintReport
{
    QList<LintFinding> findings;  ///< ordered by revision (history order), then line
    QStringList notLinted;        ///< revisions whose operations need Python (ids): their operations were not checked
    int revisionsChecked = 0;
    int silenced = 0;             ///< findings a '# retort: ignore=' comment silenced
    bool cancelled = false;       ///< LintOptions::cancelled stopped it before the end
    int errorCount() const;
    int warningCount() const;
};

/// Lints the history. Never touches a database and never runs Python.
LintReport lintHistory(RevisionOperationSource &source, const LintOptions &options);

/// The revisions of START:END (ids, labels, heads, base; either side may be empty), inclusive, or one
/// revision; an error message in *error when it names nothing.
QList<int> lintRange(const RevisionGraph &graph, const QString &range, QString *error);

/// The report as JSON and as SARIF 2.1.0 (paths relative to projectRoot).
QByteArray lintJson(const LintReport &report, const QString &projectRoot);
QByteArray lintSarif(const LintReport &report, const QString &projectRoot);
/// "file:line: error [rule] (engine) message" lines, each followed by why and the safer way.
QString lintText(const LintReport &report, const QString &projectRoot);

/// The silencing comments of one source line: "# retort: ignore=a,b" (empty when none; "all" silences every rule).
QSet<QString> lintIgnoredOnLine(const QString &line);

} // namespace retort
