// Helpers on the syntax tree: names of attribute chains, keyword arguments, and a visitor.
#include "python/PyAst.h"

namespace retort {

PyExpr::~PyExpr()
{
    // Children owned by this node alone are emptied before they go, so releasing one never recurses.
    std::vector<PyExprPtr> pending = std::move(children);
    for (PyKeywordArg &k : keywords)
        pending.push_back(std::move(k.value));
    while (!pending.empty()) {
        PyExprPtr e = std::move(pending.back());
        pending.pop_back();
        if (e && e.use_count() == 1) {
            // Every node is made non-const (make_shared<PyExpr>) and only handed out as const.
            auto *owned = const_cast<PyExpr *>(e.get());
            for (PyExprPtr &c : owned->children)
                pending.push_back(std::move(c));
            owned->children.clear();
            for (PyKeywordArg &k : owned->keywords)
                pending.push_back(std::move(k.value));
        }
    }
}

QString PyExpr::dottedName() const
{
    if (kind == Kind::Name)
        return text;
    if (kind == Kind::Attribute && !children.empty()) {
        const QString base = children[0]->dottedName();
        return base.isEmpty() ? QString() : base + QLatin1Char('.') + text;
    }
    return {};
}

const PyExpr *PyExpr::keyword(QStringView keywordName) const
{
    for (const PyKeywordArg &k : keywords) {
        if (k.name == keywordName)
            return k.value.get();
    }
    return nullptr;
}

namespace {

void visitExpr(const PyExpr *e, const std::function<void(const PyExpr &)> &visit)
{
    if (!e)
        return;
    visit(*e);
    for (const PyExprPtr &c : e->children)
        visitExpr(c.get(), visit);
    for (const PyKeywordArg &k : e->keywords)
        visitExpr(k.value.get(), visit);
}

} // namespace

void visitPyExpressions(const PyStmtList &statements, const std::function<void(const PyExpr &)> &visit)
{
    for (const auto &stmt : statements) {
        for (const PyExprPtr &d : stmt->decorators) visitExpr(d.get(), visit);
        for (const PyExprPtr &t : stmt->targets) visitExpr(t.get(), visit);
        visitExpr(stmt->annotation.get(), visit);
        visitExpr(stmt->value.get(), visit);
        for (const PyExprPtr &b : stmt->bases) visitExpr(b.get(), visit);
        for (const PyKeywordArg &k : stmt->keywords) visitExpr(k.value.get(), visit);
        visitPyExpressions(stmt->body, visit);
        visitPyExpressions(stmt->orelse, visit);
    }
}

} // namespace retort
