// The Python-subset parser: the tree it builds for revision scripts and models, its exact spans, its
// recovery from broken statements, and that it reads real code (Debian's Alembic and SQLAlchemy).
#include "TestServers.h"
#include "python/PyAst.h"

#include <QDirIterator>
#include <QFile>
#include <QRandomGenerator>
#include <QtTest>

using namespace retort;
using EK = PyExpr::Kind;
using SK = PyStmt::Kind;

class tst_PyParser : public QObject
{
    Q_OBJECT
private slots:
    void revisionScript();
    void modelClass();
    void expressionsAndPrecedence();
    void recoversAfterBrokenStatements();
    void survivesDeepNestingAndGarbage();
    void readsRealCode();
};

void tst_PyParser::revisionScript()
{
    const QString source = QStringLiteral(
        "\"\"\"add engine.last_fired\n\nRevision ID: 7a4e\n\"\"\"\n"
        "from alembic import op\nimport sqlalchemy as sa\n\n"
        "revision: str = '7a4e'\ndown_revision = ('a', \"b\")\n\n"
        "def upgrade() -> None:\n"
        "    with op.batch_alter_table('engine', schema=None) as batch_op:\n"
        "        batch_op.add_column(sa.Column('last_fired', sa.DateTime(), nullable=True))\n"
        "    op.create_index(op.f('ix_engine_title'), 'engine', ['title'], unique=False)\n");
    const PyModule m = parsePython(source);
    QVERIFY(m.errors.empty());
    QVERIFY(m.hasDocstring);
    QVERIFY(m.docstring.startsWith(QLatin1String("add engine.last_fired\n\nRevision ID")));
    QCOMPARE(int(m.body.size()), 6);
    QCOMPARE(m.body[1]->kind, SK::ImportFrom);
    QCOMPARE(m.body[1]->name, QStringLiteral("alembic"));
    QCOMPARE(m.body[2]->imports[0].asName, QStringLiteral("sa"));
    const PyStmt &rev = *m.body[3];
    QCOMPARE(rev.kind, SK::AnnAssign);
    QCOMPARE(rev.value->text, QStringLiteral("7a4e"));
    const PyStmt &down = *m.body[4];
    QCOMPARE(down.value->kind, EK::Tuple);
    QCOMPARE(down.value->children[1]->text, QStringLiteral("b"));

    const PyStmt &upgrade = *m.body[5];
    QCOMPARE(upgrade.kind, SK::FunctionDef);
    QCOMPARE(upgrade.name, QStringLiteral("upgrade"));
    QCOMPARE(upgrade.annotation->kind, EK::None);
    const PyStmt &with = *upgrade.body[0];
    QCOMPARE(with.kind, SK::With);
    QCOMPARE(with.withNames, QStringList{"batch_op"});
    QCOMPARE(with.bases[0]->child(0)->dottedName(), QStringLiteral("op.batch_alter_table"));
    QCOMPARE(with.bases[0]->keyword(u"schema")->kind, EK::None);
    const PyExpr &addColumn = *with.body[0]->value;
    QCOMPARE(addColumn.child(0)->dottedName(), QStringLiteral("batch_op.add_column"));
    const PyExpr &column = *addColumn.child(1);
    QCOMPARE(column.child(0)->dottedName(), QStringLiteral("sa.Column"));
    QCOMPARE(column.child(1)->text, QStringLiteral("last_fired"));
    QCOMPARE(column.keyword(u"nullable")->kind, EK::True);
    // Spans are exact: the column call starts where "sa.Column(" is written.
    QCOMPARE(source.mid(column.span.offset, 10), QStringLiteral("sa.Column("));
    QCOMPARE(column.span.line, 13);
    QCOMPARE(source.mid(column.span.offset, column.span.length), QStringLiteral("sa.Column('last_fired', sa.DateTime(), nullable=True)"));
    const PyExpr &index = *upgrade.body[1]->value;
    QCOMPARE(index.child(3)->kind, EK::List);
    QCOMPARE(index.keyword(u"unique")->kind, EK::False);
}

void tst_PyParser::modelClass()
{
    const PyModule m = parsePython(QStringLiteral(
        "class User(db.Model, TimestampMixin):\n"
        "    __tablename__ = 'users'\n"
        "    __table_args__ = (db.UniqueConstraint('email', name='uq_email'), {'schema': 'app'})\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n"
        "    bio: Mapped[Optional[str]]\n"
        "    nick: Mapped[str | None] = mapped_column(String(30))\n"
        "    @hybrid_property\n"
        "    def name(self):\n"
        "        return f'{self.first} {self.last}'\n"));
    QVERIFY(m.errors.empty());
    const PyStmt &cls = *m.body[0];
    QCOMPARE(cls.kind, SK::ClassDef);
    QCOMPARE(cls.bases[0]->dottedName(), QStringLiteral("db.Model"));
    QCOMPARE(int(cls.body.size()), 6);
    QCOMPARE(cls.body[0]->value->text, QStringLiteral("users"));
    QCOMPARE(cls.body[1]->value->child(1)->kind, EK::Dict);
    QCOMPARE(cls.body[1]->value->child(0)->keyword(u"name")->text, QStringLiteral("uq_email"));
    QCOMPARE(cls.body[2]->annotation->kind, EK::Subscript);
    QCOMPARE(cls.body[3]->kind, SK::AnnAssign);
    QVERIFY(!cls.body[3]->value);                                  // annotation-only column
    QCOMPARE(cls.body[4]->annotation->child(1)->kind, EK::BinaryOp);
    QCOMPARE(cls.body[4]->annotation->child(1)->text, QStringLiteral("|"));
    // The decorated method keeps its decorator; its f-string is marked computed.
    const PyStmt &method = *cls.body.back();
    QCOMPARE(method.decorators.size(), size_t(1));
    QVERIFY(method.body[0]->value->isComputed);
}

void tst_PyParser::expressionsAndPrecedence()
{
    const PyModule m = parsePython(QStringLiteral(
        "x = -a ** 2 + b * c if ok and not done else lambda q: q[1:2, ::3]\n"
        "y = {**base, 'k': [i for i in range(3)], 's': {1, 2}}\n"
        "z = a < b <= c is not None\n"));
    QVERIFY(m.errors.empty());
    const PyExpr &x = *m.body[0]->value;
    QCOMPARE(x.kind, EK::IfExp);
    QCOMPARE(x.child(0)->kind, EK::BinaryOp);
    QCOMPARE(x.child(0)->text, QStringLiteral("+"));
    QCOMPARE(x.child(0)->child(0)->kind, EK::UnaryOp);            // -(a ** 2)
    QCOMPARE(x.child(0)->child(0)->child(0)->text, QStringLiteral("**"));
    QCOMPARE(x.child(1)->kind, EK::BoolOp);
    QCOMPARE(x.child(2)->kind, EK::Lambda);
    const PyExpr &y = *m.body[1]->value;
    QCOMPARE(y.kind, EK::Dict);
    QVERIFY(!y.children[0]);                                       // ** entry
    QCOMPARE(y.child(3)->kind, EK::Unknown);                       // comprehension: recorded, not modelled
    QCOMPARE(y.child(3)->text, QStringLiteral("comprehension"));
    QCOMPARE(y.child(5)->kind, EK::Set);
    QCOMPARE(m.body[2]->value->text, QStringLiteral("< <= is not"));
}

void tst_PyParser::recoversAfterBrokenStatements()
{
    const PyModule m = parsePython(QStringLiteral(
        "a = 1\n"
        "b = (2 +\n"
        "def upgrade():\n"
        "    op.execute('x')\n"
        "c = 'oops\n"
        "revision = 'r1'\n"));
    QVERIFY(!m.errors.empty());
    bool sawRevision = false;
    for (const auto &s : m.body)
        sawRevision |= s->kind == SK::Assign && s->targets[0]->text == QLatin1String("revision");
    QVERIFY2(sawRevision, "statements after the broken ones are still parsed");
    QCOMPARE(m.errors[0].message, QStringLiteral("'(' was never closed"));
    QCOMPARE(m.errors[0].span.line, 2);
    bool sawUpgrade = false;
    for (const auto &s : m.body)
        sawUpgrade |= s->kind == SK::FunctionDef && s->name == QLatin1String("upgrade");
    QVERIFY2(sawUpgrade, "the definition after the unclosed bracket is read");
    QCOMPARE(m.body[0]->value->text, QStringLiteral("1"));
}

void tst_PyParser::survivesDeepNestingAndGarbage()
{
    // A nesting bomb is reported, not recursed into until the stack breaks.
    const PyModule deep = parsePython(QString(5000, QLatin1Char('(')) + QStringLiteral("1") + QString(5000, QLatin1Char(')')));
    QVERIFY(!deep.errors.empty());
    QVERIFY(deep.errors[0].message.contains(QLatin1String("nested more than 120 levels deep")));
    QVERIFY(deep.errors[0].readerLimit);
    // Chains nest the tree, not the parser: each link counts all the same, and 300,000 of them neither
    // overflow the stack while parsing nor while the tree is freed.
    const auto chain = [](const QString &head, const QString &link, int n) {
        QString text = QStringLiteral("x = ") + head;
        text.reserve(text.size() + link.size() * n);
        for (int i = 0; i < n; ++i)
            text += link;
        return text + QStringLiteral("\ny = 2\n");
    };
    for (const QString &bomb : {chain(QStringLiteral("1"), QStringLiteral("+1"), 300000), chain(QStringLiteral("a"), QStringLiteral(".b"), 300000),
                                chain(QStringLiteral("f"), QStringLiteral("()"), 300000), chain(QStringLiteral("a"), QStringLiteral("[0]"), 300000),
                                chain(QStringLiteral("a"), QStringLiteral(" or a"), 300000), chain(QStringLiteral("a"), QStringLiteral(" < a"), 300000)}) {
        const PyModule m = parsePython(bomb);
        const bool flat = bomb.contains(QLatin1String(" or ")) || bomb.contains(QLatin1String(" < "));
        if (flat) {
            // and/or and comparisons are one node with many operands: nothing nests.
            QVERIFY(m.errors.empty());
        } else {
            QCOMPARE(int(m.errors.size()), 1);
            QVERIFY2(m.errors[0].message.contains(QLatin1String("more than 1000 levels deep")), qPrintable(m.errors[0].message));
            QCOMPARE(m.errors[0].span.line, 1);
        }
        QCOMPARE(m.body.back()->targets[0]->text, QStringLiteral("y"));   // parsing goes on after it
    }
    // Trees are freed without recursion, however they were built: a million nested nodes.
    {
        std::shared_ptr<PyExpr> root = std::make_shared<PyExpr>();
        PyExpr *at = root.get();
        for (int i = 0; i < 1000000; ++i) {
            auto next = std::make_shared<PyExpr>();
            PyExpr *raw = next.get();
            at->children.push_back(std::move(next));
            at = raw;
        }
        root.reset();
    }
    // Up to the limit a chain is an ordinary expression.
    const PyModule fine = parsePython(chain(QStringLiteral("1"), QStringLiteral("+1"), 900));
    QVERIFY(fine.errors.empty());
    QCOMPARE(fine.body[0]->value->kind, PyExpr::Kind::BinaryOp);
    QRandomGenerator rng(7);
    const QStringList pieces{"def", "class", "(", ")", "[", "]", "{", "}", ":", ",", "=", "x", "'s'", "\n", "    ", "if",
                             "else", "lambda", "*", "**", "@", ".", "1", "not", "in", "with", "as", "\"\"\"", "#", "\\\n"};
    for (int round = 0; round < 3000; ++round) {
        QString text;
        const int n = int(rng.bounded(60));
        for (int i = 0; i < n; ++i)
            text += pieces.at(int(rng.bounded(pieces.size()))) + QLatin1Char(' ');
        const PyModule m = parsePython(text);
        for (const PySyntaxError &e : m.errors)
            QVERIFY(e.span.offset >= 0 && e.span.offset <= text.size());
    }
}

// Every file of Debian's alembic and sqlalchemy packages is valid Python: the parser must read all of them.
void tst_PyParser::readsRealCode()
{
    int files = 0;
    QStringList failures;
    for (const char *dir : {"/usr/lib/python3/dist-packages/alembic", "/usr/lib/python3/dist-packages/sqlalchemy"}) {
        QDirIterator it(QString::fromLatin1(dir), {QStringLiteral("*.py")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            const PyModule m = parsePython(QString::fromUtf8(f.readAll()));
            ++files;
            if (!m.errors.empty())
                failures << QStringLiteral("%1:%2: %3").arg(f.fileName()).arg(m.errors[0].span.line).arg(m.errors[0].message);
        }
    }
    if (files == 0) {
        if (test::inCi())
            QFAIL("python3-alembic and python3-sqlalchemy are not installed");
        QSKIP("python3-alembic and python3-sqlalchemy are not installed");
    }
    QVERIFY2(files > 200, qPrintable(QString::number(files)));
    QVERIFY2(failures.isEmpty(), qPrintable(failures.mid(0, 5).join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(tst_PyParser)
#include "tst_PyParser.moc"
