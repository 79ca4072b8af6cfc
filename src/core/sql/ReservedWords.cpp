// Reserved words per dialect: the identifiers SQLAlchemy's compilers quote (the keyword lists of
// SQLite, PostgreSQL, MySQL and MariaDB as SQLAlchemy 1.4 records them). Generated from those lists
// once; they change only when the engines add keywords.
#include "sql/ReservedWords.h"

using namespace Qt::StringLiterals;

namespace retort {

const QSet<QString> &sqliteReservedWords()
{
    static const QSet<QString> words = {
        u"add"_s, u"after"_s, u"all"_s, u"alter"_s, u"analyze"_s, u"and"_s, u"as"_s, u"asc"_s, u"attach"_s,
        u"autoincrement"_s, u"before"_s, u"begin"_s, u"between"_s, u"by"_s, u"cascade"_s, u"case"_s, u"cast"_s,
        u"check"_s, u"collate"_s, u"column"_s, u"commit"_s, u"conflict"_s, u"constraint"_s, u"create"_s, u"cross"_s,
        u"current_date"_s, u"current_time"_s, u"current_timestamp"_s, u"database"_s, u"default"_s, u"deferrable"_s,
        u"deferred"_s, u"delete"_s, u"desc"_s, u"detach"_s, u"distinct"_s, u"drop"_s, u"each"_s, u"else"_s, u"end"_s,
        u"escape"_s, u"except"_s, u"exclusive"_s, u"exists"_s, u"explain"_s, u"fail"_s, u"false"_s, u"for"_s,
        u"foreign"_s, u"from"_s, u"full"_s, u"glob"_s, u"group"_s, u"having"_s, u"if"_s, u"ignore"_s, u"immediate"_s,
        u"in"_s, u"index"_s, u"indexed"_s, u"initially"_s, u"inner"_s, u"insert"_s, u"instead"_s, u"intersect"_s,
        u"into"_s, u"is"_s, u"isnull"_s, u"join"_s, u"key"_s, u"left"_s, u"like"_s, u"limit"_s, u"match"_s,
        u"natural"_s, u"not"_s, u"notnull"_s, u"null"_s, u"of"_s, u"offset"_s, u"on"_s, u"or"_s, u"order"_s,
        u"outer"_s, u"plan"_s, u"pragma"_s, u"primary"_s, u"query"_s, u"raise"_s, u"references"_s, u"reindex"_s,
        u"rename"_s, u"replace"_s, u"restrict"_s, u"right"_s, u"rollback"_s, u"row"_s, u"select"_s, u"set"_s,
        u"table"_s, u"temp"_s, u"temporary"_s, u"then"_s, u"to"_s, u"transaction"_s, u"trigger"_s, u"true"_s,
        u"union"_s, u"unique"_s, u"update"_s, u"using"_s, u"vacuum"_s, u"values"_s, u"view"_s, u"virtual"_s, u"when"_s,
        u"where"_s,
    };
    return words;
}

const QSet<QString> &postgresqlReservedWords()
{
    static const QSet<QString> words = {
        u"all"_s, u"analyse"_s, u"analyze"_s, u"and"_s, u"any"_s, u"array"_s, u"as"_s, u"asc"_s, u"asymmetric"_s,
        u"authorization"_s, u"between"_s, u"binary"_s, u"both"_s, u"case"_s, u"cast"_s, u"check"_s, u"collate"_s,
        u"column"_s, u"constraint"_s, u"create"_s, u"cross"_s, u"current_catalog"_s, u"current_date"_s,
        u"current_role"_s, u"current_schema"_s, u"current_time"_s, u"current_timestamp"_s, u"current_user"_s,
        u"default"_s, u"deferrable"_s, u"desc"_s, u"distinct"_s, u"do"_s, u"else"_s, u"end"_s, u"except"_s, u"false"_s,
        u"fetch"_s, u"for"_s, u"foreign"_s, u"freeze"_s, u"from"_s, u"full"_s, u"grant"_s, u"group"_s, u"having"_s,
        u"ilike"_s, u"in"_s, u"initially"_s, u"inner"_s, u"intersect"_s, u"into"_s, u"is"_s, u"isnull"_s, u"join"_s,
        u"leading"_s, u"left"_s, u"like"_s, u"limit"_s, u"localtime"_s, u"localtimestamp"_s, u"natural"_s, u"new"_s,
        u"not"_s, u"notnull"_s, u"null"_s, u"of"_s, u"off"_s, u"offset"_s, u"old"_s, u"on"_s, u"only"_s, u"or"_s,
        u"order"_s, u"outer"_s, u"over"_s, u"overlaps"_s, u"placing"_s, u"primary"_s, u"references"_s, u"returning"_s,
        u"right"_s, u"select"_s, u"session_user"_s, u"similar"_s, u"some"_s, u"symmetric"_s, u"table"_s, u"then"_s,
        u"to"_s, u"trailing"_s, u"true"_s, u"union"_s, u"unique"_s, u"user"_s, u"using"_s, u"variadic"_s, u"verbose"_s,
        u"when"_s, u"where"_s, u"window"_s, u"with"_s,
    };
    return words;
}

const QSet<QString> &mysqlReservedWords()
{
    static const QSet<QString> words = {
        u"accessible"_s, u"add"_s, u"admin"_s, u"all"_s, u"alter"_s, u"analyze"_s, u"and"_s, u"array"_s, u"as"_s,
        u"asc"_s, u"asensitive"_s, u"before"_s, u"between"_s, u"bigint"_s, u"binary"_s, u"blob"_s, u"both"_s, u"by"_s,
        u"call"_s, u"cascade"_s, u"case"_s, u"change"_s, u"char"_s, u"character"_s, u"check"_s, u"collate"_s,
        u"column"_s, u"condition"_s, u"constraint"_s, u"continue"_s, u"convert"_s, u"create"_s, u"cross"_s, u"cube"_s,
        u"cume_dist"_s, u"current_date"_s, u"current_time"_s, u"current_timestamp"_s, u"current_user"_s, u"cursor"_s,
        u"database"_s, u"databases"_s, u"day_hour"_s, u"day_microsecond"_s, u"day_minute"_s, u"day_second"_s, u"dec"_s,
        u"decimal"_s, u"declare"_s, u"default"_s, u"delayed"_s, u"delete"_s, u"dense_rank"_s, u"desc"_s, u"describe"_s,
        u"deterministic"_s, u"distinct"_s, u"distinctrow"_s, u"div"_s, u"double"_s, u"drop"_s, u"dual"_s, u"each"_s,
        u"else"_s, u"elseif"_s, u"empty"_s, u"enclosed"_s, u"escaped"_s, u"except"_s, u"exists"_s, u"exit"_s,
        u"explain"_s, u"false"_s, u"fetch"_s, u"first_value"_s, u"float"_s, u"float4"_s, u"float8"_s, u"for"_s,
        u"force"_s, u"foreign"_s, u"from"_s, u"fulltext"_s, u"function"_s, u"general"_s, u"generated"_s, u"get"_s,
        u"get_master_public_key"_s, u"grant"_s, u"group"_s, u"grouping"_s, u"groups"_s, u"having"_s,
        u"high_priority"_s, u"hour_microsecond"_s, u"hour_minute"_s, u"hour_second"_s, u"if"_s, u"ignore"_s,
        u"ignore_server_ids"_s, u"in"_s, u"index"_s, u"infile"_s, u"inner"_s, u"inout"_s, u"insensitive"_s,
        u"insert"_s, u"int"_s, u"int1"_s, u"int2"_s, u"int3"_s, u"int4"_s, u"int8"_s, u"integer"_s, u"interval"_s,
        u"into"_s, u"io_after_gtids"_s, u"io_before_gtids"_s, u"is"_s, u"iterate"_s, u"join"_s, u"json_table"_s,
        u"key"_s, u"keys"_s, u"kill"_s, u"lag"_s, u"last_value"_s, u"lateral"_s, u"lead"_s, u"leading"_s, u"leave"_s,
        u"left"_s, u"like"_s, u"limit"_s, u"linear"_s, u"lines"_s, u"load"_s, u"localtime"_s, u"localtimestamp"_s,
        u"lock"_s, u"long"_s, u"longblob"_s, u"longtext"_s, u"loop"_s, u"low_priority"_s, u"master_bind"_s,
        u"master_heartbeat_period"_s, u"master_ssl_verify_server_cert"_s, u"match"_s, u"maxvalue"_s, u"mediumblob"_s,
        u"mediumint"_s, u"mediumtext"_s, u"member"_s, u"middleint"_s, u"minute_microsecond"_s, u"minute_second"_s,
        u"mod"_s, u"modifies"_s, u"natural"_s, u"no_write_to_binlog"_s, u"not"_s, u"nth_value"_s, u"ntile"_s,
        u"null"_s, u"numeric"_s, u"of"_s, u"on"_s, u"optimize"_s, u"optimizer_costs"_s, u"option"_s, u"optionally"_s,
        u"or"_s, u"order"_s, u"out"_s, u"outer"_s, u"outfile"_s, u"over"_s, u"parse_gcol_expr"_s, u"partition"_s,
        u"percent_rank"_s, u"persist"_s, u"persist_only"_s, u"precision"_s, u"primary"_s, u"procedure"_s, u"purge"_s,
        u"range"_s, u"rank"_s, u"read"_s, u"read_write"_s, u"reads"_s, u"real"_s, u"recursive"_s, u"references"_s,
        u"regexp"_s, u"release"_s, u"rename"_s, u"repeat"_s, u"replace"_s, u"require"_s, u"resignal"_s, u"restrict"_s,
        u"return"_s, u"revoke"_s, u"right"_s, u"rlike"_s, u"role"_s, u"row"_s, u"row_number"_s, u"rows"_s, u"schema"_s,
        u"schemas"_s, u"second_microsecond"_s, u"select"_s, u"sensitive"_s, u"separator"_s, u"set"_s, u"show"_s,
        u"signal"_s, u"slow"_s, u"smallint"_s, u"spatial"_s, u"specific"_s, u"sql"_s, u"sql_after_gtids"_s,
        u"sql_before_gtids"_s, u"sql_big_result"_s, u"sql_calc_found_rows"_s, u"sql_small_result"_s, u"sqlexception"_s,
        u"sqlstate"_s, u"sqlwarning"_s, u"ssl"_s, u"starting"_s, u"stored"_s, u"straight_join"_s, u"system"_s,
        u"table"_s, u"terminated"_s, u"then"_s, u"tinyblob"_s, u"tinyint"_s, u"tinytext"_s, u"to"_s, u"trailing"_s,
        u"trigger"_s, u"true"_s, u"undo"_s, u"union"_s, u"unique"_s, u"unlock"_s, u"unsigned"_s, u"update"_s,
        u"usage"_s, u"use"_s, u"using"_s, u"utc_date"_s, u"utc_time"_s, u"utc_timestamp"_s, u"values"_s,
        u"varbinary"_s, u"varchar"_s, u"varcharacter"_s, u"varying"_s, u"virtual"_s, u"when"_s, u"where"_s, u"while"_s,
        u"window"_s, u"with"_s, u"write"_s, u"xor"_s, u"year_month"_s, u"zerofill"_s,
    };
    return words;
}

const QSet<QString> &mariadbReservedWords()
{
    static const QSet<QString> words = {
        u"accessible"_s, u"add"_s, u"all"_s, u"alter"_s, u"analyze"_s, u"and"_s, u"as"_s, u"asc"_s, u"asensitive"_s,
        u"before"_s, u"between"_s, u"bigint"_s, u"binary"_s, u"blob"_s, u"body"_s, u"both"_s, u"by"_s, u"call"_s,
        u"cascade"_s, u"case"_s, u"change"_s, u"char"_s, u"character"_s, u"check"_s, u"collate"_s, u"column"_s,
        u"condition"_s, u"constraint"_s, u"continue"_s, u"convert"_s, u"create"_s, u"cross"_s, u"current_date"_s,
        u"current_role"_s, u"current_time"_s, u"current_timestamp"_s, u"current_user"_s, u"cursor"_s, u"database"_s,
        u"databases"_s, u"day_hour"_s, u"day_microsecond"_s, u"day_minute"_s, u"day_second"_s, u"dec"_s, u"decimal"_s,
        u"declare"_s, u"default"_s, u"delayed"_s, u"delete"_s, u"desc"_s, u"describe"_s, u"deterministic"_s,
        u"distinct"_s, u"distinctrow"_s, u"div"_s, u"do_domain_ids"_s, u"double"_s, u"drop"_s, u"dual"_s, u"each"_s,
        u"else"_s, u"elseif"_s, u"elsif"_s, u"enclosed"_s, u"escaped"_s, u"except"_s, u"exists"_s, u"exit"_s,
        u"explain"_s, u"false"_s, u"fetch"_s, u"float"_s, u"float4"_s, u"float8"_s, u"for"_s, u"force"_s, u"foreign"_s,
        u"from"_s, u"fulltext"_s, u"general"_s, u"goto"_s, u"grant"_s, u"group"_s, u"having"_s, u"high_priority"_s,
        u"history"_s, u"hour_microsecond"_s, u"hour_minute"_s, u"hour_second"_s, u"if"_s, u"ignore"_s,
        u"ignore_domain_ids"_s, u"ignore_server_ids"_s, u"in"_s, u"index"_s, u"infile"_s, u"inner"_s, u"inout"_s,
        u"insensitive"_s, u"insert"_s, u"int"_s, u"int1"_s, u"int2"_s, u"int3"_s, u"int4"_s, u"int8"_s, u"integer"_s,
        u"intersect"_s, u"interval"_s, u"into"_s, u"is"_s, u"iterate"_s, u"join"_s, u"key"_s, u"keys"_s, u"kill"_s,
        u"leading"_s, u"leave"_s, u"left"_s, u"like"_s, u"limit"_s, u"linear"_s, u"lines"_s, u"load"_s, u"localtime"_s,
        u"localtimestamp"_s, u"lock"_s, u"long"_s, u"longblob"_s, u"longtext"_s, u"loop"_s, u"low_priority"_s,
        u"master_heartbeat_period"_s, u"master_ssl_verify_server_cert"_s, u"match"_s, u"maxvalue"_s, u"mediumblob"_s,
        u"mediumint"_s, u"mediumtext"_s, u"middleint"_s, u"minute_microsecond"_s, u"minute_second"_s, u"mod"_s,
        u"modifies"_s, u"natural"_s, u"no_write_to_binlog"_s, u"not"_s, u"null"_s, u"numeric"_s, u"offset"_s, u"on"_s,
        u"optimize"_s, u"option"_s, u"optionally"_s, u"or"_s, u"order"_s, u"others"_s, u"out"_s, u"outer"_s,
        u"outfile"_s, u"over"_s, u"package"_s, u"page_checksum"_s, u"parse_vcol_expr"_s, u"partition"_s, u"period"_s,
        u"position"_s, u"precision"_s, u"primary"_s, u"procedure"_s, u"purge"_s, u"raise"_s, u"range"_s, u"read"_s,
        u"read_write"_s, u"reads"_s, u"real"_s, u"recursive"_s, u"ref_system_id"_s, u"references"_s, u"regexp"_s,
        u"release"_s, u"rename"_s, u"repeat"_s, u"replace"_s, u"require"_s, u"resignal"_s, u"restrict"_s, u"return"_s,
        u"returning"_s, u"revoke"_s, u"right"_s, u"rlike"_s, u"rows"_s, u"rowtype"_s, u"schema"_s, u"schemas"_s,
        u"second_microsecond"_s, u"select"_s, u"sensitive"_s, u"separator"_s, u"set"_s, u"show"_s, u"signal"_s,
        u"slow"_s, u"smallint"_s, u"spatial"_s, u"specific"_s, u"sql"_s, u"sql_big_result"_s, u"sql_calc_found_rows"_s,
        u"sql_small_result"_s, u"sqlexception"_s, u"sqlstate"_s, u"sqlwarning"_s, u"ssl"_s, u"starting"_s,
        u"stats_auto_recalc"_s, u"stats_persistent"_s, u"stats_sample_pages"_s, u"straight_join"_s, u"system"_s,
        u"system_time"_s, u"table"_s, u"terminated"_s, u"then"_s, u"tinyblob"_s, u"tinyint"_s, u"tinytext"_s, u"to"_s,
        u"trailing"_s, u"trigger"_s, u"true"_s, u"undo"_s, u"union"_s, u"unique"_s, u"unlock"_s, u"unsigned"_s,
        u"update"_s, u"usage"_s, u"use"_s, u"using"_s, u"utc_date"_s, u"utc_time"_s, u"utc_timestamp"_s, u"values"_s,
        u"varbinary"_s, u"varchar"_s, u"varcharacter"_s, u"varying"_s, u"versioning"_s, u"when"_s, u"where"_s,
        u"while"_s, u"window"_s, u"with"_s, u"without"_s, u"write"_s, u"xor"_s, u"year_month"_s, u"zerofill"_s,
    };
    return words;
}

} // namespace retort
