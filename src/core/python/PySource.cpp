// PEP 263 decoding of Python files, and the bytes Python refuses.
#include "python/PySource.h"

#include "python/PyTokenizer.h"

#include <QRegularExpression>

namespace retort {

namespace {

int lineAt(const QByteArray &bytes, qsizetype offset)
{
    return int(bytes.left(offset).count('\n')) + 1;
}

// The offset of the first byte from `from` on that is not part of well-formed UTF-8 (no overlong
// forms, no surrogates, nothing above U+10FFFF), or -1.
qsizetype firstInvalidUtf8(const QByteArray &bytes, qsizetype from = 0)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype n = bytes.size();
    qsizetype i = from;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        unsigned int lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            extra = 2;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            return i;
        }
        if (i + extra >= n)
            return i;
        for (int k = 1; k <= extra; ++k) {
            const unsigned char d = p[i + k];
            const unsigned int min = k == 1 ? lo : 0x80;
            const unsigned int max = k == 1 ? hi : 0xBF;
            if (d < min || d > max)
                return i;
        }
        i += extra + 1;
    }
    return -1;
}

// The encoding a "# -*- coding: NAME -*-" comment on line 1 or 2 declares, lower case; empty when none.
QString declaredEncoding(const QByteArray &bytes)
{
    static const QRegularExpression coding(QStringLiteral(R"(^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+))"));
    const QList<QByteArray> lines = bytes.left(4096).split('\n').mid(0, 2);
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = QString::fromLatin1(lines.at(i));
        const QRegularExpressionMatch m = coding.match(line);
        if (m.hasMatch())
            return m.captured(1).toLower().replace(QLatin1Char('_'), QLatin1Char('-'));
        // Only a comment or blank first line lets the second one declare the encoding.
        const QString trimmed = line.trimmed();
        if (!trimmed.isEmpty() && !trimmed.startsWith(QLatin1Char('#')))
            break;
    }
    return {};
}

} // namespace

PySourceText decodePythonSource(const QByteArray &input)
{
    PySourceText out;
    QByteArray bytes = input;
    const bool bom = bytes.startsWith("\xEF\xBB\xBF");
    if (bom)
        bytes.remove(0, 3);
    const auto fail = [&](int line, const QString &message) {
        out.error = PySyntaxError{message, SourceSpan{0, 0, line, 1}, false};
    };
    const qsizetype nul = bytes.indexOf('\0');
    if (nul >= 0)
        fail(lineAt(bytes, nul), QStringLiteral("source code cannot contain null bytes"));

    const QString encoding = declaredEncoding(bytes);
    static const QStringList utf8Names{QStringLiteral("utf-8"), QStringLiteral("utf8"), QStringLiteral("utf-8-sig")};
    static const QStringList latin1Names{QStringLiteral("latin-1"), QStringLiteral("latin1"), QStringLiteral("iso-8859-1"),
                                         QStringLiteral("iso8859-1"), QStringLiteral("l1")};
    static const QStringList asciiNames{QStringLiteral("ascii"), QStringLiteral("us-ascii")};
    if (encoding.isEmpty() || utf8Names.contains(encoding) || asciiNames.contains(encoding)) {
        out.text = QString::fromUtf8(bytes);
        // CPython 3.11 does not decode comments, so bytes there may be anything; anywhere else they must be UTF-8.
        QList<PyToken> tokens;
        // A byte is in a comment when, earlier on its line, a '#' stands outside every string.
        const auto inComment = [&](qsizetype byteOffset) {
            if (tokens.isEmpty())
                tokens = tokenizePython(out.text);
            const int at = int(QString::fromUtf8(bytes.left(byteOffset)).size());
            const int lineStart = int(out.text.lastIndexOf(QLatin1Char('\n'), at - 1)) + 1;
            for (int k = lineStart; k < at; ++k) {
                if (out.text.at(k) != QLatin1Char('#'))
                    continue;
                bool inString = false;
                for (const PyToken &t : std::as_const(tokens))
                    inString |= t.kind == PyToken::Kind::String && t.span.offset <= k && k < t.span.end();
                if (!inString)
                    return true;
            }
            return false;
        };
        qsizetype bad = firstInvalidUtf8(bytes);
        while (bad >= 0 && inComment(bad))
            bad = firstInvalidUtf8(bytes, bad + 1);
        if (bad >= 0 && !out.error)
            fail(lineAt(bytes, bad), QStringLiteral("(unicode error) 'utf-8' codec can't decode byte 0x%1 on this line")
                                         .arg(uchar(bytes.at(bad)), 2, 16, QLatin1Char('0')));
        if (asciiNames.contains(encoding) && bad < 0 && !out.error) {
            for (qsizetype i = 0; i < bytes.size(); ++i) {
                if (uchar(bytes.at(i)) >= 0x80 && !inComment(i)) {
                    fail(lineAt(bytes, i), QStringLiteral("(unicode error) 'ascii' codec can't decode byte 0x%1 on this line")
                                               .arg(uchar(bytes.at(i)), 2, 16, QLatin1Char('0')));
                    break;
                }
            }
        }
    } else if (bom) {
        fail(1, QStringLiteral("encoding problem: %1 with BOM").arg(encoding));
        out.text = QString::fromUtf8(bytes);
    } else if (latin1Names.contains(encoding)) {
        out.text = QString::fromLatin1(bytes);
    } else {
        if (!out.error)
            fail(1, QStringLiteral("the file declares the encoding '%1', which Retort does not read").arg(encoding));
        out.text = QString::fromUtf8(bytes);
    }
    if (out.error && out.error->message.startsWith(QLatin1String("the file declares")))
        out.error->readerLimit = true;
    return out;
}

PyModule parsePythonSource(const QByteArray &bytes)
{
    PySourceText source = decodePythonSource(bytes);
    PyModule module = parsePython(source.text);
    if (source.error)
        module.errors.insert(module.errors.begin(), *source.error);
    return module;
}

} // namespace retort
