// One input, every static reader Retort has for Python text: the tokenizer and parser, the
// revision-script interpreter, and the model reader (on the input saved as models.py). Any crash,
// sanitizer report or hang is a bug: bad input must end in errors and diagnostics.
#include "models/ModelReader.h"
#include "ops/OpReader.h"
#include "python/PyAst.h"
#include "python/PyModuleValues.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstddef>
#include <cstdint>

using namespace retort;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static QTemporaryDir dir;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString source = QString::fromUtf8(bytes);

    const PyModule module = parsePython(source);
    (void)moduleAssignments(module);
    (void)readRevisionOperations(source);

    const QString path = dir.filePath(QStringLiteral("models.py"));
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        file.write(bytes);
        file.close();
        const ModelSet set = readModelFiles(dir.path(), {path}, {dir.path()}, FlaskNaming::V3);
        (void)set;
    }
    return 0;
}
