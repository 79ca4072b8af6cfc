// The Python tokenizer and literal lookups that read instance/config.py (and later models and revisions).
#include "python/PyModuleValues.h"
#include "python/PyTokenizer.h"

#include <QRandomGenerator>
#include <QtTest>

using namespace retort;

class tst_PyTokenizer : public QObject
{
    Q_OBJECT
private slots:
    void tokenizesStatementsWithPositions();
    void tracksIndentation();
    void joinsLinesInsideBrackets();
    void decodesStringLiterals_data();
    void decodesStringLiterals();
    void reportsUnterminatedStrings();
    void findsModuleAssignments_data();
    void findsModuleAssignments();
    void survivesGarbage();
};

void tst_PyTokenizer::tokenizesStatementsWithPositions()
{
    const QList<PyToken> tokens = tokenizePython(QStringLiteral("revision: str = 'ae1027a6acf'\nx = 0x1F + 1.5e-3\n"));
    QStringList texts;
    for (const PyToken &t : tokens) {
        if (t.kind != PyToken::Kind::Newline && t.kind != PyToken::Kind::EndMarker)
            texts << t.text;
    }
    QCOMPARE(texts, (QStringList{"revision", ":", "str", "=", "'ae1027a6acf'", "x", "=", "0x1F", "+", "1.5e-3"}));
    const PyToken &literal = tokens.at(4);
    QCOMPARE(literal.kind, PyToken::Kind::String);
    QCOMPARE(literal.span.line, 1);
    QCOMPARE(literal.span.column, 17);
    const PyToken &hex = tokens.at(8);
    QCOMPARE(hex.span.line, 2);
    QCOMPARE(hex.span.column, 5);
}

void tst_PyTokenizer::tracksIndentation()
{
    const QList<PyToken> tokens = tokenizePython(QStringLiteral("def upgrade():\n    # comment\n\n    pass\nx = 1\n"));
    int indents = 0, dedents = 0;
    for (const PyToken &t : tokens) {
        indents += t.kind == PyToken::Kind::Indent;
        dedents += t.kind == PyToken::Kind::Dedent;
        QVERIFY(t.kind != PyToken::Kind::Error);
    }
    QCOMPARE(indents, 1);
    QCOMPARE(dedents, 1);
}

void tst_PyTokenizer::joinsLinesInsideBrackets()
{
    const QList<PyToken> tokens = tokenizePython(QStringLiteral("down_revision = (\n    'a',\n    'b',\n)\nz = 1 + \\\n  2\n"));
    int newlines = 0;
    for (const PyToken &t : tokens)
        newlines += t.kind == PyToken::Kind::Newline;
    QCOMPARE(newlines, 2);
}

void tst_PyTokenizer::decodesStringLiterals_data()
{
    QTest::addColumn<QString>("literal");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("value");
    QTest::newRow("single") << "'abc'" << true << "abc";
    QTest::newRow("double with escapes") << "\"a\\tb\\n\\\"q\\\"\"" << true << "a\tb\n\"q\"";
    QTest::newRow("raw keeps backslashes") << "r'C:\\data\\x.db'" << true << "C:\\data\\x.db";
    QTest::newRow("triple") << "'''line1\nline2'''" << true << "line1\nline2";
    QTest::newRow("unicode escape") << "'\\u017c\\xf3\\u0142w'" << true << QString::fromUtf8("żółw");
    QTest::newRow("unknown escape kept") << "'\\d+'" << true << "\\d+";
    QTest::newRow("f-string is computed") << "f'sqlite:///{path}'" << false << "";
    QTest::newRow("bad hex escape") << "'\\x4'" << false << "";
}

void tst_PyTokenizer::decodesStringLiterals()
{
    QFETCH(QString, literal);
    QFETCH(bool, ok);
    QFETCH(QString, value);
    QString decoded;
    QCOMPARE(decodePyStringLiteral(literal, &decoded), ok);
    if (ok)
        QCOMPARE(decoded, value);
}

void tst_PyTokenizer::reportsUnterminatedStrings()
{
    const QList<PyToken> tokens = tokenizePython(QStringLiteral("a = 1\nb = 'oops\nc = \"\"\"never closed\n"));
    QList<PyToken> errors;
    for (const PyToken &t : tokens) {
        if (t.kind == PyToken::Kind::Error)
            errors << t;
    }
    QCOMPARE(errors.size(), 2);
    QCOMPARE(errors.at(0).span.line, 2);
    QVERIFY(errors.at(0).text.contains(QLatin1String("unterminated string")));
    QCOMPARE(errors.at(1).span.line, 3);
    QVERIFY(errors.at(1).text.contains(QLatin1String("triple-quoted")));
}

void tst_PyTokenizer::findsModuleAssignments_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<bool>("found");
    QTest::addColumn<bool>("literal");
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("line");
    const QString name = QStringLiteral("SQLALCHEMY_DATABASE_URI");
    QTest::newRow("plain") << "DEBUG = False\nSQLALCHEMY_DATABASE_URI = \"postgresql://user:password@localhost/spaceshipDB\"\n"
                           << true << true << "postgresql://user:password@localhost/spaceshipDB" << 2;
    QTest::newRow("annotated") << "SQLALCHEMY_DATABASE_URI: str = 'sqlite:///app.db'\n" << true << true << "sqlite:///app.db" << 1;
    QTest::newRow("implicit concatenation in parentheses") << "SQLALCHEMY_DATABASE_URI = (\n  'postgresql://u@h'\n  '/db'\n)\n"
                                                           << true << true << "postgresql://u@h/db" << 1;
    QTest::newRow("last assignment wins") << "SQLALCHEMY_DATABASE_URI = 'sqlite:///a.db'\nSQLALCHEMY_DATABASE_URI = 'sqlite:///b.db'\n"
                                          << true << true << "sqlite:///b.db" << 2;
    QTest::newRow("computed") << "import os\nSQLALCHEMY_DATABASE_URI = os.environ.get('DATABASE_URL')\n" << true << false << "" << 2;
    QTest::newRow("f-string") << "SQLALCHEMY_DATABASE_URI = f'sqlite:///{BASE}/app.db'\n" << true << false << "" << 1;
    QTest::newRow("inside a class is not module level") << "class Config:\n    SQLALCHEMY_DATABASE_URI = 'sqlite:///x.db'\n"
                                                        << false << false << "" << 0;
    QTest::newRow("comparison is not assignment") << "if SQLALCHEMY_DATABASE_URI == 'x':\n    pass\n" << false << false << "" << 0;
    QTest::newRow("absent") << "SECRET_KEY = 'dev'\n" << false << false << "" << 0;
    Q_UNUSED(name);
}

void tst_PyTokenizer::findsModuleAssignments()
{
    QFETCH(QString, source);
    QFETCH(bool, found);
    QFETCH(bool, literal);
    QFETCH(QString, value);
    QFETCH(int, line);
    const PyAssignedString result = findModuleStringAssignment(source, QStringLiteral("SQLALCHEMY_DATABASE_URI"));
    QCOMPARE(result.found, found);
    QCOMPARE(result.literal, literal);
    QCOMPARE(result.value, value);
    QCOMPARE(result.line, line);
    if (found && !literal)
        QVERIFY(!result.expression.isEmpty());
}

// Random bytes and truncated real files must never crash the tokenizer or the lookup.
void tst_PyTokenizer::survivesGarbage()
{
    const QString real = QStringLiteral("\"\"\"doc\"\"\"\nrevision = 'a'\ndown_revision = ('b', \"c\")\ndef upgrade():\n"
                                        "    op.add_column('t', sa.Column('x', sa.String(length=3)))  # c\n");
    for (int cut = 0; cut <= real.size(); ++cut)
        findModuleStringAssignment(real.left(cut), QStringLiteral("revision"));
    QRandomGenerator rng(42);
    const QString alphabet = QStringLiteral("ab_=()[]{}'\"\\#:\n\t .0x9rfbu+-*@");
    for (int round = 0; round < 2000; ++round) {
        QString text;
        const int length = int(rng.bounded(80));
        for (int i = 0; i < length; ++i)
            text += alphabet.at(int(rng.bounded(alphabet.size())));
        const QList<PyToken> tokens = tokenizePython(text);
        QVERIFY(!tokens.isEmpty());
        QCOMPARE(tokens.last().kind, PyToken::Kind::EndMarker);
        for (const PyToken &t : tokens)
            QVERIFY(t.span.offset >= 0 && t.span.end() <= text.size());
        findModuleStringAssignment(text, QStringLiteral("a"));
    }
}

QTEST_GUILESS_MAIN(tst_PyTokenizer)
#include "tst_PyTokenizer.moc"
