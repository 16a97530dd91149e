/* test_sync.c: the merge rule of sync_ (which change wins) as a table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sync.h"

struct t_merge {
	const char		*what;
	struct sync_side	 side;
	enum sync_decision	 want;
};

/* local, queued, mark_at, base, server, server_at */
static const struct t_merge t_merges[] = {
	{ "nothing changed", { 1, 0, 0, 1, 1, 0 }, SYNC_KEEP },
	{ "read on the server", { 0, 0, 0, 0, 1, 0 }, SYNC_TAKE_SERVER },
	{ "unread on the server", { 1, 0, 0, 1, 0, 0 }, SYNC_TAKE_SERVER },
	{ "new story, server read", { 0, 0, 0, -1, 1, 0 }, SYNC_TAKE_SERVER },
	{ "marked here only", { 1, 1, 100, 0, 0, 0 }, SYNC_PUSH },
	{ "unmarked here only", { 0, 1, 100, 1, 1, 0 }, SYNC_PUSH },
	{ "both to the same value", { 1, 1, 100, 0, 1, 0 }, SYNC_SETTLE },
	{ "both, server time unknown", { 1, 1, 100, 1, 0, 0 }, SYNC_PUSH },
	{ "both, server later", { 1, 1, 100, 1, 0, 200 }, SYNC_TAKE_SERVER },
	{ "both, ours later", { 1, 1, 300, 1, 0, 200 }, SYNC_PUSH },
	{ "both, same second", { 0, 1, 200, 0, 1, 200 }, SYNC_PUSH },
	{ "pushed, then killed", { 1, 1, 100, 0, 1, 0 }, SYNC_SETTLE },
};

static void
t_merge_table(void **state)
{
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof t_merges / sizeof t_merges[0]; i++) {
		if (sync_merge(&t_merges[i].side) != t_merges[i].want)
			fail_msg("%s: got %d, want %d", t_merges[i].what,
			    (int)sync_merge(&t_merges[i].side),
			    (int)t_merges[i].want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_merge_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
