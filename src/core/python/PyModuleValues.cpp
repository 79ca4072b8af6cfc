// Top-level assignments over the syntax tree. Statements inside top-level if/try blocks count, but
// are marked conditional: which branch runs is only known when the file runs.
#include "python/PyModuleValues.h"

namespace retort {

namespace {

void collect(const PyStmtList &body, bool conditional, QHash<QString, PyAssignment> &out)
{
    for (const auto &stmt : body) {
        if ((stmt->kind == PyStmt::Kind::Assign || stmt->kind == PyStmt::Kind::AnnAssign) && stmt->value) {
            for (const PyExprPtr &target : stmt->targets) {
                if (target->kind == PyExpr::Kind::Name)
                    out.insert(target->text, PyAssignment{stmt->value.get(), stmt->span.line, conditional});
            }
        } else if (stmt->kind == PyStmt::Kind::If || stmt->kind == PyStmt::Kind::Try) {
            collect(stmt->body, true, out);
            collect(stmt->orelse, true, out);
        }
    }
}

} // namespace

QHash<QString, PyAssignment> moduleAssignments(const PyModule &module)
{
    QHash<QString, PyAssignment> out;
    collect(module.body, false, out);
    return out;
}

PyAssignedString findModuleStringAssignment(const QString &source, const QString &name)
{
    const PyModule module = parsePython(source);
    const QHash<QString, PyAssignment> assignments = moduleAssignments(module);
    PyAssignedString result;
    const auto it = assignments.constFind(name);
    if (it == assignments.constEnd() || it->conditional)
        return result;
    result.found = true;
    result.line = it->line;
    result.expression = source.mid(it->value->span.offset, it->value->span.length).simplified();
    if (it->value->kind == PyExpr::Kind::String && !it->value->isComputed) {
        result.literal = true;
        result.value = it->value->text;
    }
    return result;
}

QList<PyImportBinding> importBindings(const PyStmt &stmt)
{
    QList<PyImportBinding> out;
    if (stmt.kind == PyStmt::Kind::Import) {
        for (const PyImportName &i : stmt.imports) {
            const QString top = i.name.section(QLatin1Char('.'), 0, 0);
            out.append(i.asName.isEmpty() ? PyImportBinding{top, top, {}, i.span} : PyImportBinding{i.asName, i.name, {}, i.span});
        }
    } else if (stmt.kind == PyStmt::Kind::ImportFrom) {
        for (const PyImportName &i : stmt.imports)
            out.append(PyImportBinding{i.asName.isEmpty() ? i.name : i.asName, stmt.name, i.name, stmt.span});
    }
    return out;
}

} // namespace retort
