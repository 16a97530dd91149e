/* t_db.h: a cache's SQL run from outside dateline's store, for the cmocka
 * tests (an older version's rows, a trigger that fails writes, a count).
 * Include after cmocka.h and sqlite3.h. Inline: a test need not use
 * both. */
#ifndef T_DB_H
#define T_DB_H

#include <stdint.h>

/* Run sql on the database at path; fails the test on an error. */
static inline void
t_db_exec(const char *path, const char *sql)
{
	sqlite3	*db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_close(db);
}

/* The first column of sql's first row, or -1 when there is none. */
static inline int64_t
t_db_int(const char *path, const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*s;
	int64_t		 v = -1;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

#endif
