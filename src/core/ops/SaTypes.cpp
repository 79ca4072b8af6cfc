// Columns and SQLAlchemy types: sa.Column (and mapped_column in models) and every type Retort knows,
// generic and dialect-specific, with their arguments.
#include "ops/SaEvaluator.h"

namespace retort {

namespace {
using EK = PyExpr::Kind;
} // namespace

SaValue SaEvaluator::column(const PyExpr &call, const QString &shown)
{
    QStringList keywords{QStringLiteral("name"), QStringLiteral("type_"), QStringLiteral("primary_key"),
                         QStringLiteral("nullable"), QStringLiteral("server_default"),
                         QStringLiteral("default"), QStringLiteral("onupdate"),
                         QStringLiteral("autoincrement"), QStringLiteral("comment"),
                         QStringLiteral("unique"), QStringLiteral("index"), QStringLiteral("key"),
                         QStringLiteral("info"), QStringLiteral("doc"), QStringLiteral("server_onupdate")};
    // Python-side arguments of Column()/mapped_column() in a model: they never reach the DDL.
    static const QStringList pythonSide{QStringLiteral("default"), QStringLiteral("onupdate"), QStringLiteral("info"),
                                        QStringLiteral("doc"), QStringLiteral("key"), QStringLiteral("init"),
                                        QStringLiteral("repr"), QStringLiteral("default_factory"),
                                        QStringLiteral("compare"), QStringLiteral("kw_only"), QStringLiteral("hash"),
                                        QStringLiteral("insert_default"), QStringLiteral("sort_order"),
                                        QStringLiteral("deferred"), QStringLiteral("deferred_group"),
                                        QStringLiteral("deferred_raiseload"), QStringLiteral("active_history"),
                                        QStringLiteral("use_existing_column"), QStringLiteral("system"),
                                        QStringLiteral("quote"), QStringLiteral("dataclass_metadata")};
    if (m_options.modelColumns)
        keywords << pythonSide;
    const Args a = bind(call, shown, {}, keywords, true);
    Value v;
    v.kind = Value::Kind::Column;
    v.span = call.span;
    ColumnDef &c = v.column;
    c.hasType = false;
    size_t i = 0;
    if (a.has("name")) {
        c.name = requireString(a, "name", call, shown);
    } else if (!a.rest.empty()) {
        const Value name = eval(*a.rest[0]);
        if (name.isString()) {
            c.name = name.string();
            i = 1;
        } else if (!m_options.modelColumns) {
            fail(a.rest[0]->span, QStringLiteral("the first argument of a Column must be its name"));
        }
    }
    if (c.name.isEmpty() && !m_options.modelColumns)
        fail(call.span, QStringLiteral("a Column without a name"));
    if (const PyExpr *t = a.get("type_")) {
        c.type = typeOf(*t, QStringLiteral("type_"));
        c.hasType = true;
    }
    for (; i < a.rest.size(); ++i) {
        const Value item = eval(*a.rest[i]);
        if (item.kind == Value::Kind::Type && !c.hasType) {
            c.type = item.type;
            c.hasType = true;
        } else if (item.kind == Value::Kind::ForeignKey) {
            c.foreignKeys.append(item.foreignKey);
        } else if (item.kind == Value::Kind::Column && item.column.name == QLatin1String("<generated>")) {
            // sa.Computed / sa.Identity, carried as a column fragment
            c.computed = item.column.computed;
            c.computedPersisted = item.column.computedPersisted;
            c.identity = item.column.identity;
            c.identityAlways = item.column.identityAlways;
            c.identityOptions = item.column.identityOptions;
        } else if (item.kind == Value::Kind::Sequence) {
            c.sequence = item.ddl.name;
            c.sequenceOptional = item.column.sequenceOptional;
        } else if (item.kind == Value::Kind::Constraint && item.constraint.kind == ConstraintDef::Kind::Check
                   && m_options.modelColumns) {
            m_columnChecks.append(item.constraint);   // Column(..., CheckConstraint("x > 0")): a table-level CHECK
        } else {
            fail(a.rest[i]->span, QStringLiteral("Column '%1' takes %2 as an argument, which Retort does not interpret")
                                      .arg(c.name, QString::fromLatin1(kindName(item.kind))));
        }
    }
    c.primaryKey = optionalBool(a, "primary_key");
    c.nullable = triBool(a, "nullable");
    c.unique = optionalBool(a, "unique");
    c.index = optionalBool(a, "index");
    c.comment = optionalString(a, "comment");
    if (const PyExpr *d = a.get("server_default")) {
        const bool fetched = d->kind == EK::Call && calleeName(*d->children[0]) == QLatin1String("sa.FetchedValue");
        if (d->kind != EK::None && !fetched)   // FetchedValue(): the server has a default the DDL does not write
            c.serverDefault = serverDefaultOf(*d);
    }
    if (const PyExpr *ai = a.get("autoincrement")) {
        const Value av = eval(*ai);
        if (av.kind == Value::Kind::Bool)
            c.autoincrement = av.scalar.toBool();
        else if (!(av.isString() && av.string() == QLatin1String("auto")))
            fail(ai->span, QStringLiteral("autoincrement must be True, False or 'auto'"));
    }
    // default= and onupdate= are applied by Python when it inserts or updates rows; they never reach the
    // DDL, so they are not evaluated (they are often a function: uuid.uuid4, datetime.now). Only a
    // bulk_insert into this table could use default=; it refuses rows that leave such a column out.
    // The one exception is default=sa.Sequence(...): the database's sequence, as if given positionally.
    if (const PyExpr *d = a.get("default")) {
        if (d->kind == EK::Call && calleeName(*d->children[0]) == QLatin1String("sa.Sequence")) {
            const Value sequence = eval(*d);
            c.sequence = sequence.ddl.name;
            c.sequenceOptional = sequence.column.sequenceOptional;
        } else {
            c.pythonDefault = d->kind != EK::None;
        }
    }
    // server_onupdate (FetchedValue(), a text) only tells the ORM to fetch the value: SQLAlchemy writes no DDL for it.
    return v;
}

// A SQLAlchemy type, called (call != nullptr) or referenced as a class.
std::optional<SaValue> SaEvaluator::typeConstruct(const QString &callee, const PyExpr *call, const PyExpr &where)
{
    QString module;
    QString name;
    if (callee.startsWith(QLatin1String("sqlalchemy_utils.")))
        return utilsType(callee, call, where);
    if (callee.startsWith(QLatin1String("sa."))) {
        name = callee.mid(3);
    } else if (callee.startsWith(QLatin1String("postgresql.")) || callee.startsWith(QLatin1String("mysql."))
               || callee.startsWith(QLatin1String("sqlite."))) {
        module = callee.section(QLatin1Char('.'), 0, 0);
        name = callee.section(QLatin1Char('.'), 1);
    } else {
        return std::nullopt;
    }
    // argument names each type accepts; "*" = enum values as varargs
    static const QHash<QString, QStringList> generic = {
        {QStringLiteral("Integer"), {}}, {QStringLiteral("BigInteger"), {}}, {QStringLiteral("SmallInteger"), {}},
        {QStringLiteral("String"), {QStringLiteral("length")}}, {QStringLiteral("Unicode"), {QStringLiteral("length")}},
        {QStringLiteral("Uuid"), {QStringLiteral("as_uuid"), QStringLiteral("native_uuid")}},
        {QStringLiteral("Double"), {QStringLiteral("precision"), QStringLiteral("asdecimal"),
                                    QStringLiteral("decimal_return_scale")}},
        {QStringLiteral("Text"), {QStringLiteral("length")}}, {QStringLiteral("UnicodeText"), {QStringLiteral("length")}},
        {QStringLiteral("Boolean"), {QStringLiteral("create_constraint"), QStringLiteral("name")}},
        {QStringLiteral("DateTime"), {QStringLiteral("timezone")}}, {QStringLiteral("Date"), {}},
        {QStringLiteral("Time"), {QStringLiteral("timezone")}}, {QStringLiteral("Interval"), {}},
        {QStringLiteral("Numeric"), {QStringLiteral("precision"), QStringLiteral("scale"), QStringLiteral("asdecimal"),
                                     QStringLiteral("decimal_return_scale")}},
        {QStringLiteral("Float"), {QStringLiteral("precision"), QStringLiteral("asdecimal"),
                                   QStringLiteral("decimal_return_scale")}},
        {QStringLiteral("Enum"), {QStringLiteral("*"), QStringLiteral("name"), QStringLiteral("native_enum"),
                                  QStringLiteral("create_constraint"), QStringLiteral("validate_strings")}},
        {QStringLiteral("JSON"), {QStringLiteral("none_as_null")}},
        {QStringLiteral("ARRAY"), {QStringLiteral("item_type"), QStringLiteral("as_tuple"), QStringLiteral("dimensions"),
                                   QStringLiteral("zero_indexes")}},
        {QStringLiteral("UUID"), {QStringLiteral("as_uuid")}}, {QStringLiteral("DOUBLE"), {QStringLiteral("precision"),
                                                                                           QStringLiteral("asdecimal")}},
        {QStringLiteral("DOUBLE_PRECISION"), {QStringLiteral("precision"), QStringLiteral("asdecimal")}},
        {QStringLiteral("LargeBinary"), {QStringLiteral("length")}}, {QStringLiteral("PickleType"), {}},
        {QStringLiteral("INTEGER"), {}}, {QStringLiteral("INT"), {}}, {QStringLiteral("BIGINT"), {}},
        {QStringLiteral("SMALLINT"), {}},
        {QStringLiteral("VARCHAR"), {QStringLiteral("length")}}, {QStringLiteral("NVARCHAR"), {QStringLiteral("length")}},
        {QStringLiteral("CHAR"), {QStringLiteral("length")}}, {QStringLiteral("NCHAR"), {QStringLiteral("length")}},
        {QStringLiteral("TEXT"), {QStringLiteral("length")}}, {QStringLiteral("CLOB"), {QStringLiteral("length")}},
        {QStringLiteral("BOOLEAN"), {QStringLiteral("create_constraint"), QStringLiteral("name")}},
        {QStringLiteral("DATETIME"), {QStringLiteral("timezone")}}, {QStringLiteral("DATE"), {}},
        {QStringLiteral("TIME"), {QStringLiteral("timezone")}}, {QStringLiteral("TIMESTAMP"), {QStringLiteral("timezone")}},
        {QStringLiteral("NUMERIC"), {QStringLiteral("precision"), QStringLiteral("scale"), QStringLiteral("asdecimal")}},
        {QStringLiteral("DECIMAL"), {QStringLiteral("precision"), QStringLiteral("scale"), QStringLiteral("asdecimal")}},
        {QStringLiteral("FLOAT"), {QStringLiteral("precision"), QStringLiteral("asdecimal")}},
        {QStringLiteral("REAL"), {}}, {QStringLiteral("BLOB"), {QStringLiteral("length")}},
        {QStringLiteral("BINARY"), {QStringLiteral("length")}}, {QStringLiteral("VARBINARY"), {QStringLiteral("length")}},
    };
    static const QHash<QString, QStringList> postgresql = {
        {QStringLiteral("UUID"), {QStringLiteral("as_uuid")}},
        {QStringLiteral("JSONB"), {QStringLiteral("none_as_null"), QStringLiteral("astext_type")}},
        {QStringLiteral("JSON"), {QStringLiteral("none_as_null"), QStringLiteral("astext_type")}},
        {QStringLiteral("ARRAY"), {QStringLiteral("item_type"), QStringLiteral("as_tuple"), QStringLiteral("dimensions"),
                                   QStringLiteral("zero_indexes")}},
        {QStringLiteral("CITEXT"), {}},
        {QStringLiteral("ENUM"), {QStringLiteral("*"), QStringLiteral("name"), QStringLiteral("create_type")}},
        {QStringLiteral("TIMESTAMP"), {QStringLiteral("timezone"), QStringLiteral("precision")}},
        {QStringLiteral("TIME"), {QStringLiteral("timezone"), QStringLiteral("precision")}},
        {QStringLiteral("INET"), {}}, {QStringLiteral("CIDR"), {}}, {QStringLiteral("BYTEA"), {QStringLiteral("length")}},
        {QStringLiteral("DOUBLE_PRECISION"), {QStringLiteral("precision"), QStringLiteral("asdecimal")}},
        {QStringLiteral("INTERVAL"), {}}, {QStringLiteral("MONEY"), {}}, {QStringLiteral("TSVECTOR"), {}},
        {QStringLiteral("INTEGER"), {}}, {QStringLiteral("BIGINT"), {}}, {QStringLiteral("SMALLINT"), {}},
        {QStringLiteral("VARCHAR"), {QStringLiteral("length")}}, {QStringLiteral("CHAR"), {QStringLiteral("length")}},
        {QStringLiteral("TEXT"), {}}, {QStringLiteral("BOOLEAN"), {}}, {QStringLiteral("DATE"), {}},
        {QStringLiteral("NUMERIC"), {QStringLiteral("precision"), QStringLiteral("scale"), QStringLiteral("asdecimal")}},
        {QStringLiteral("REAL"), {}},
    };
    static const QHash<QString, QStringList> mysql = {
        {QStringLiteral("INTEGER"), {QStringLiteral("display_width"), QStringLiteral("unsigned")}},
        {QStringLiteral("TINYINT"), {QStringLiteral("display_width"), QStringLiteral("unsigned")}},
        {QStringLiteral("SMALLINT"), {QStringLiteral("display_width"), QStringLiteral("unsigned")}},
        {QStringLiteral("MEDIUMINT"), {QStringLiteral("display_width"), QStringLiteral("unsigned")}},
        {QStringLiteral("BIGINT"), {QStringLiteral("display_width"), QStringLiteral("unsigned")}},
        {QStringLiteral("VARCHAR"), {QStringLiteral("length"), QStringLiteral("charset"), QStringLiteral("collation")}},
        {QStringLiteral("CHAR"), {QStringLiteral("length"), QStringLiteral("charset"), QStringLiteral("collation")}},
        {QStringLiteral("TEXT"), {QStringLiteral("length"), QStringLiteral("charset"), QStringLiteral("collation")}},
        {QStringLiteral("TINYTEXT"), {QStringLiteral("charset"), QStringLiteral("collation")}},
        {QStringLiteral("MEDIUMTEXT"), {QStringLiteral("charset"), QStringLiteral("collation")}},
        {QStringLiteral("LONGTEXT"), {QStringLiteral("charset"), QStringLiteral("collation")}},
        {QStringLiteral("SET"), {QStringLiteral("*")}},
        {QStringLiteral("DATETIME"), {QStringLiteral("fsp"), QStringLiteral("timezone")}},
        {QStringLiteral("TIMESTAMP"), {QStringLiteral("fsp"), QStringLiteral("timezone")}},
        {QStringLiteral("TIME"), {QStringLiteral("fsp"), QStringLiteral("timezone")}}, {QStringLiteral("DATE"), {}},
        {QStringLiteral("DOUBLE"), {QStringLiteral("precision"), QStringLiteral("scale"), QStringLiteral("asdecimal")}},
        {QStringLiteral("FLOAT"), {QStringLiteral("precision"), QStringLiteral("scale"), QStringLiteral("asdecimal")}},
        {QStringLiteral("DECIMAL"), {QStringLiteral("precision"), QStringLiteral("scale"), QStringLiteral("asdecimal")}},
        {QStringLiteral("NUMERIC"), {QStringLiteral("precision"), QStringLiteral("scale"), QStringLiteral("asdecimal")}},
        {QStringLiteral("BIT"), {QStringLiteral("length")}}, {QStringLiteral("BLOB"), {}}, {QStringLiteral("LONGBLOB"), {}},
        {QStringLiteral("MEDIUMBLOB"), {}}, {QStringLiteral("JSON"), {}}, {QStringLiteral("YEAR"), {}},
        {QStringLiteral("ENUM"), {QStringLiteral("*")}},
    };
    static const QHash<QString, QStringList> sqlite = {
        {QStringLiteral("DATETIME"), {QStringLiteral("storage_format"), QStringLiteral("regexp"),
                                      QStringLiteral("truncate_microseconds"), QStringLiteral("timezone")}},
        {QStringLiteral("DATE"), {QStringLiteral("storage_format"), QStringLiteral("regexp")}},
        {QStringLiteral("TIME"), {QStringLiteral("storage_format"), QStringLiteral("regexp"),
                                  QStringLiteral("truncate_microseconds"), QStringLiteral("timezone")}},
        {QStringLiteral("JSON"), {QStringLiteral("none_as_null")}}, {QStringLiteral("INTEGER"), {}},
        {QStringLiteral("TEXT"), {QStringLiteral("length")}}, {QStringLiteral("VARCHAR"), {QStringLiteral("length")}},
        {QStringLiteral("BLOB"), {QStringLiteral("length")}}, {QStringLiteral("REAL"), {}}, {QStringLiteral("BOOLEAN"), {}},
        {QStringLiteral("NUMERIC"), {QStringLiteral("precision"), QStringLiteral("scale"), QStringLiteral("asdecimal")}},
    };
    const QHash<QString, QStringList> &known = module.isEmpty() ? generic
                                               : module == QLatin1String("postgresql") ? postgresql
                                               : module == QLatin1String("mysql") ? mysql
                                               : module == QLatin1String("sqlite") ? sqlite
                                                                                  : QHash<QString, QStringList>();
    const auto it = known.constFind(name);
    if (it == known.constEnd()) {
        // An attribute of sqlalchemy that is not a type we know: let the caller report it.
        if (module.isEmpty() && !name.isEmpty() && name.at(0).isUpper())
            fail(where.span, QStringLiteral("%1 is a type or construct Retort does not know").arg(callee));
        if (!module.isEmpty())
            fail(where.span, QStringLiteral("%1 is a dialect type Retort does not know").arg(callee));
        return std::nullopt;
    }
    Value v;
    v.kind = Value::Kind::Type;
    v.span = where.span;
    SqlType &t = v.type;
    t.name = name;
    t.module = module;
    if (!call)
        return v;

    QStringList params = it.value();
    const bool enumValues = params.contains(QStringLiteral("*"));
    params.removeAll(QStringLiteral("*"));
    // Positional order: enums take values; others their documented first parameters.
    const QStringList positional = enumValues ? QStringList{} : params;
    const Args a = bind(*call, callee, positional, params, enumValues);
    const auto intArg = [&](const char *n) -> std::optional<int> {
        const PyExpr *e = a.get(n);
        if (!e)
            return std::nullopt;
        const Value iv = eval(*e);
        if (iv.kind == Value::Kind::None)
            return std::nullopt;
        if (iv.kind != Value::Kind::Int)
            fail(e->span, QStringLiteral("%1 of %2 must be an integer").arg(QString::fromLatin1(n), callee));
        return int(iv.scalar.toLongLong());
    };
    if (a.has("length"))
        t.length = intArg("length");
    if (a.has("display_width"))
        t.length = intArg("display_width");
    if (a.has("precision") && (name == QLatin1String("Float") || name == QLatin1String("FLOAT")) && module.isEmpty())
        t.length = intArg("precision");
    else
        t.precision = intArg("precision");
    t.scale = intArg("scale");
    t.fsp = a.has("fsp") ? intArg("fsp") : module == QLatin1String("postgresql") ? intArg("precision") : std::nullopt;
    if (module == QLatin1String("postgresql") && (name == QLatin1String("TIMESTAMP") || name == QLatin1String("TIME")))
        t.precision.reset();
    t.timezone = optionalBool(a, "timezone");
    t.isUnsigned = optionalBool(a, "unsigned");
    t.createConstraint = optionalBool(a, "create_constraint");
    t.nativeEnum = optionalBool(a, "native_enum", true);
    t.createType = optionalBool(a, "create_type", true);
    t.enumName = optionalString(a, "name");
    if (module == QLatin1String("mysql")) {
        t.charset = optionalString(a, "charset");
        t.collation = optionalString(a, "collation");
    }
    for (const PyExpr *e : a.rest) {
        const Value s = eval(*e);
        if (s.kind == Value::Kind::Type && !s.type.enumValues.isEmpty() && m_options.modelColumns) {
            t.enumValues << s.type.enumValues;   // a Python enum class the model reader resolved
            if (t.enumName.isEmpty())
                t.enumName = s.type.enumName;
            continue;
        }
        if (!s.isString())
            fail(e->span, QStringLiteral("enum values must be strings (a Python enum class needs Python)"));
        t.enumValues << s.string();
    }
    if (const PyExpr *item = a.get("item_type"))
        t.itemType.push_back(typeOf(*item, QStringLiteral("the ARRAY item type")));
    if (name == QLatin1String("ARRAY") && t.itemType.empty())
        fail(call->span, QStringLiteral("ARRAY needs an item type"));
    if (name == QLatin1String("ARRAY")) {
        t.dimensions = intArg("dimensions");
        if (t.dimensions && *t.dimensions < 1)
            fail(a.get("dimensions")->span, QStringLiteral("ARRAY dimensions must be at least 1"));
    }
    if (const PyExpr *e = a.get("astext_type"))
        typeOf(*e, QStringLiteral("astext_type"));   // how Python reads ->> results; not in the DDL
    for (const char *ignored : {"asdecimal", "decimal_return_scale", "none_as_null", "as_uuid", "validate_strings",
                                "native_uuid", "as_tuple", "zero_indexes", "truncate_microseconds"}) {
        if (const PyExpr *e = a.get(ignored))
            eval(*e);   // Python-side behaviour; checked to be a literal only
    }
    if ((name == QLatin1String("Enum") || name == QLatin1String("ENUM")) && t.enumValues.isEmpty())
        fail(call->span, QStringLiteral("an Enum without literal values (a Python enum class needs Python)"));
    return v;
}

// sqlalchemy_utils' column types (Debian 12's 0.38; the same DDL in 0.41): each is a TypeDecorator whose
// DDL is its impl's, or what load_dialect_impl() picks per dialect. Arguments that only act in Python
// (ChoiceType's choices, an encrypted type's key and engine, a coerce function) are not evaluated:
// they never reach the database, and they are often the application's own objects.
std::optional<SaValue> SaEvaluator::utilsType(const QString &callee, const PyExpr *call, const PyExpr &where)
{
    const QString name = callee.mid(int(qstrlen("sqlalchemy_utils.")));
    struct Shape
    {
        QStringList positional;   ///< the parameters in order (unevaluated ones included)
        QStringList evaluated;    ///< those that reach the DDL
    };
    static const QHash<QString, Shape> shapes = {
        {QStringLiteral("UUIDType"), {{QStringLiteral("binary"), QStringLiteral("native")}, {QStringLiteral("binary"), QStringLiteral("native")}}},
        {QStringLiteral("ChoiceType"), {{QStringLiteral("choices"), QStringLiteral("impl")}, {QStringLiteral("impl")}}},
        {QStringLiteral("URLType"), {{}, {}}},
        {QStringLiteral("EmailType"), {{QStringLiteral("length")}, {QStringLiteral("length")}}},
        {QStringLiteral("JSONType"), {{}, {}}},
        {QStringLiteral("ArrowType"), {{}, {QStringLiteral("timezone")}}},
        {QStringLiteral("StringEncryptedType"), {{QStringLiteral("type_in"), QStringLiteral("key"), QStringLiteral("engine"),
                                                  QStringLiteral("padding")}, {QStringLiteral("length")}}},
        {QStringLiteral("EncryptedType"), {{QStringLiteral("type_in"), QStringLiteral("key"), QStringLiteral("engine"),
                                            QStringLiteral("padding")}, {QStringLiteral("length")}}},
        {QStringLiteral("TimezoneType"), {{QStringLiteral("backend")}, {}}},
        {QStringLiteral("IPAddressType"), {{QStringLiteral("max_length")}, {QStringLiteral("max_length")}}},
        {QStringLiteral("ScalarListType"), {{QStringLiteral("coerce_func"), QStringLiteral("separator")}, {}}},
        {QStringLiteral("CountryType"), {{}, {}}},
        {QStringLiteral("CurrencyType"), {{}, {}}},
        {QStringLiteral("LocaleType"), {{}, {}}},
        {QStringLiteral("ColorType"), {{QStringLiteral("max_length")}, {QStringLiteral("max_length")}}},
        {QStringLiteral("PhoneNumberType"), {{QStringLiteral("region"), QStringLiteral("max_length")}, {QStringLiteral("max_length")}}},
        {QStringLiteral("TSVectorType"), {{}, {}}},
    };
    const auto shape = shapes.constFind(name);
    if (shape == shapes.constEnd())
        fail(where.span, QStringLiteral("%1 is a sqlalchemy_utils type or function Retort does not know").arg(callee));
    Args a;
    if (call) {
        QStringList keywords = shape->evaluated;
        for (const QString &k : {QStringLiteral("regconfig"), QStringLiteral("length"), QStringLiteral("timezone")}) {
            if (!keywords.contains(k) && !shape->positional.contains(k))
                keywords << k;
        }
        a = bind(*call, callee, shape->positional, keywords, name == QLatin1String("TSVectorType"));
    }
    const auto intArg = [&](const char *n, int fallback) {
        const PyExpr *e = a.get(n);
        if (!e)
            return fallback;
        const Value v = eval(*e);
        if (v.kind != Value::Kind::Int)
            fail(e->span, QStringLiteral("%1 of %2 must be an integer").arg(QString::fromLatin1(n), callee));
        return int(v.scalar.toLongLong());
    };
    const auto plain = [](const char *typeName, std::optional<int> length = std::nullopt) {
        SqlType t;
        t.name = QString::fromLatin1(typeName);
        t.length = length;
        return t;
    };
    const auto postgres = [](const char *typeName) {
        SqlType t;
        t.name = QString::fromLatin1(typeName);
        t.module = QStringLiteral("postgresql");
        return t;
    };
    Value v;
    v.kind = Value::Kind::Type;
    v.span = where.span;
    SqlType &t = v.type;
    if (name == QLatin1String("UUIDType")) {
        t = optionalBool(a, "binary", true) ? plain("BINARY", 16) : plain("CHAR", 32);
        if (optionalBool(a, "native", true))
            t.variants.emplace_back(QStringLiteral("postgresql"), postgres("UUID"));
    } else if (name == QLatin1String("ChoiceType")) {
        t = a.get("impl") ? typeOf(*a.get("impl"), QStringLiteral("impl")) : plain("Unicode", 255);
    } else if (name == QLatin1String("URLType") || name == QLatin1String("ScalarListType")) {
        t = plain("UnicodeText");
    } else if (name == QLatin1String("EmailType")) {
        t = plain("Unicode", intArg("length", 255));
    } else if (name == QLatin1String("JSONType")) {
        t = plain("UnicodeText");
        t.variants.emplace_back(QStringLiteral("postgresql"), postgres("JSON"));
    } else if (name == QLatin1String("ArrowType")) {
        t = plain("DateTime");
        t.timezone = optionalBool(a, "timezone");
    } else if (name == QLatin1String("StringEncryptedType") || name == QLatin1String("EncryptedType")) {
        t = plain(name == QLatin1String("EncryptedType") ? "LargeBinary" : "String");
        if (a.get("length"))
            t.length = intArg("length", 0);
    } else if (name == QLatin1String("TimezoneType")) {
        t = plain("Unicode", 50);
    } else if (name == QLatin1String("IPAddressType")) {
        t = plain("Unicode", intArg("max_length", 50));
    } else if (name == QLatin1String("CountryType") || name == QLatin1String("CurrencyType")) {
        t = plain("String", name == QLatin1String("CountryType") ? 2 : 3);
    } else if (name == QLatin1String("LocaleType")) {
        t = plain("Unicode", 10);
    } else if (name == QLatin1String("ColorType") || name == QLatin1String("PhoneNumberType")) {
        t = plain("Unicode", intArg("max_length", 20));
    } else if (name == QLatin1String("TSVectorType")) {
        t = postgres("TSVECTOR");
    }
    return v;
}

} // namespace retort
