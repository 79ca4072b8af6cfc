// Static reading of revision scripts: top-level assignments of literal values only. A value that is
// computed, or assigned under a condition, is a problem with its line, because Alembic would see
// whatever Python computes and Retort will not guess it.
#include "migrations/RevisionScript.h"

#include "python/PySource.h"

#include "python/PyModuleValues.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace retort {

namespace {

using EK = PyExpr::Kind;

enum class Literal { Ok, NotLiteral };

// None, "a", ("a", "b"), ["a"] → list of strings.
Literal stringsOf(const PyExpr *e, QStringList *out, bool *isNone)
{
    *isNone = false;
    out->clear();
    if (e->kind == EK::None) {
        *isNone = true;
        return Literal::Ok;
    }
    if (e->kind == EK::String && !e->isComputed) {
        *out << e->text;
        return Literal::Ok;
    }
    if (e->kind == EK::Tuple || e->kind == EK::List) {
        for (const PyExprPtr &c : e->children) {
            if (c->kind != EK::String || c->isComputed)
                return Literal::NotLiteral;
            *out << c->text;
        }
        return Literal::Ok;
    }
    return Literal::NotLiteral;
}

QString sourceOf(const QString &source, const PyExpr *e)
{
    QString text = source.mid(e->span.offset, e->span.length).simplified();
    if (text.size() > 60)
        text = text.left(57) + QStringLiteral("...");
    return text;
}

} // namespace

namespace {

RevisionScriptRead readRevisionModule(const QString &path, const QString &source, const PyModule &parsed,
                                      const HeaderNameResolver &resolver);

} // namespace

RevisionScriptRead readRevisionScript(const QString &path, const QString &source)
{
    return readRevisionModule(path, source, parsePython(source), {});
}

RevisionScriptRead readRevisionFile(const QString &path, const QByteArray &bytes, const HeaderNameResolver &resolver)
{
    const PySourceText source = decodePythonSource(bytes);
    PyModule module = parsePython(source.text);
    if (source.error)
        module.errors.insert(module.errors.begin(), *source.error);
    return readRevisionModule(path, source.text, module, resolver);
}

namespace {

// The dotted name a module-level import gives a name or attribute chain ("cli.X" after "from myapp
// import cli" is "myapp.cli.X"); empty when its first name is not imported.
QString importedName(const PyModule &module, const PyExpr &e)
{
    if (e.kind == EK::Attribute) {
        const QString base = e.child(0) ? importedName(module, *e.child(0)) : QString();
        return base.isEmpty() ? QString() : base + QLatin1Char('.') + e.text;
    }
    if (e.kind != EK::Name)
        return {};
    for (const auto &stmt : module.body) {
        for (const PyImportName &i : stmt->imports) {
            if (stmt->kind == PyStmt::Kind::Import) {
                const QString bound = i.asName.isEmpty() ? i.name.section(QLatin1Char('.'), 0, 0) : i.asName;
                if (bound == e.text)
                    return i.asName.isEmpty() ? bound : i.name;
            } else if (stmt->kind == PyStmt::Kind::ImportFrom && !stmt->name.startsWith(QLatin1Char('.'))) {
                if ((i.asName.isEmpty() ? i.name : i.asName) == e.text)
                    return stmt->name + QLatin1Char('.') + i.name;
            }
        }
    }
    return {};
}

RevisionScriptRead readRevisionModule(const QString &path, const QString &source, const PyModule &parsed,
                                      const HeaderNameResolver &resolver)
{
    RevisionScriptRead read;
    const auto problem = [&read, &path](int line, const QString &message, Problem::Severity s = Problem::Severity::Error) {
        read.problems.append(Problem{s, path, line, message});
    };

    const PyModule *module = &parsed;
    for (const PySyntaxError &e : module->errors) {
        problem(e.span.line, e.readerLimit ? QStringLiteral("Retort cannot read this file: %1.").arg(e.message)
                                           : QStringLiteral("Python syntax error: %1 (Alembic cannot import this file).").arg(e.message));
    }

    const QHash<QString, PyAssignment> names = moduleAssignments(*module);

    RevisionScript script;
    script.path = path;
    script.longDoc = module->docstring.trimmed();
    script.doc = script.longDoc.split(QStringLiteral("\n\n")).first();

    const auto readList = [&](const QString &name, QStringList *out, int *line, bool required) -> bool {
        if (!names.contains(name)) {
            if (required)
                problem(0, QStringLiteral("The file sets no %1; Alembic fails to load it (AttributeError).").arg(name));
            return !required;
        }
        const PyAssignment a = names.value(name);
        *line = a.line;
        if (a.conditional) {
            problem(a.line, QStringLiteral("%1 is assigned inside a condition; Retort reads it only at the top level of the file.")
                                .arg(name));
            return false;
        }
        bool isNone = false;
        if (stringsOf(a.value, out, &isNone) == Literal::Ok)
            return true;
        // Names: the file's own string constants, or (with a resolver) the project's.
        std::vector<const PyExpr *> parts;
        if (a.value->kind == EK::Tuple || a.value->kind == EK::List) {
            for (const PyExprPtr &c : a.value->children)
                parts.push_back(c.get());
        } else {
            parts.push_back(a.value);
        }
        QStringList values;
        bool resolved = true;
        for (const PyExpr *part : parts) {
            if (part->kind == EK::String && !part->isComputed) {
                values << part->text;
                continue;
            }
            if (part->kind == EK::Name && names.contains(part->text) && !names.value(part->text).conditional
                && names.value(part->text).value->kind == EK::String && !names.value(part->text).value->isComputed) {
                values << names.value(part->text).value->text;
                continue;
            }
            const QString qualified = importedName(*module, *part);
            if (qualified.isEmpty()) {
                resolved = false;
                break;
            }
            read.namesOtherModules = true;
            const std::optional<QString> value = resolver ? resolver(*part, qualified) : std::nullopt;
            if (!value) {
                resolved = false;
                break;
            }
            values << *value;
        }
        if (resolved) {
            *out = values;
            return true;
        }
        problem(a.line, QStringLiteral("%1 is computed when the file runs (%2); Retort needs None, a string, or a "
                                       "tuple or list of strings (or names of string constants in the project).")
                            .arg(name, sourceOf(source, a.value)));
        return false;
    };

    // revision: a string; without it the legacy form takes the id from a hex file name.
    const QString fileName = QFileInfo(path).fileName();
    if (names.contains(QStringLiteral("revision"))) {
        const PyAssignment a = names.value(QStringLiteral("revision"));
        script.revisionLine = a.line;
        if (a.conditional || a.value->kind != EK::String || a.value->isComputed) {
            problem(a.line, QStringLiteral("revision must be a plain string, not %1.").arg(sourceOf(source, a.value)));
            return read;
        }
        script.revision = a.value->text;
    } else {
        static const QRegularExpression legacy(QStringLiteral("^([a-f0-9]+)\\.py$"));
        const QRegularExpressionMatch m = legacy.match(fileName);
        if (!m.hasMatch()) {
            problem(0, QStringLiteral("Could not determine the revision id: the file sets no revision and its name is not "
                                      "a hexadecimal id (Alembic refuses to load the project)."));
            return read;
        }
        script.revision = m.captured(1);
    }

    if (!readList(QStringLiteral("down_revision"), &script.downRevisions, &script.downRevisionLine, true))
        return read;
    readList(QStringLiteral("branch_labels"), &script.branchLabels, &script.branchLabelsLine, false);
    readList(QStringLiteral("depends_on"), &script.dependsOn, &script.dependsOnLine, false);
    read.script = script;
    return read;
}

} // namespace

} // namespace retort
