#include "runner/RevisionCompile.h"

#include <QRegularExpression>

#include <algorithm>

namespace retort {

QSet<QString> typesDroppedByScript(const OperationList &ops)
{
    static const QRegularExpression dropType(QStringLiteral(R"re(\bDROP\s+TYPE\s+(?:IF\s+EXISTS\s+)?"?([A-Za-z0-9_$]+)"?)re"),
                                             QRegularExpression::CaseInsensitiveOption);
    QSet<QString> types;
    for (const Operation &op : ops) {
        if (op.kind != Operation::Kind::Execute)
            continue;
        QRegularExpressionMatchIterator it = dropType.globalMatch(op.sql);
        while (it.hasNext())
            types.insert(it.next().captured(1));
    }
    return types;
}

Result<QList<SqlStatement>> compileInRevision(const DdlCompiler &compiler, const Operation &op, SchemaOracle *oracle,
                                              const QSet<QString> &scriptDrops)
{
    Result<QList<SqlStatement>> statements = compiler.compile(op, oracle);
    if (statements && !scriptDrops.isEmpty()) {
        QList<SqlStatement> &list = statements.value();
        list.erase(std::remove_if(list.begin(), list.end(),
                                  [&](const SqlStatement &s) { return scriptDrops.contains(s.droppedEnum); }),
                   list.end());
    }
    return statements;
}


} // namespace retort
