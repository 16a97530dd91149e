/* ui.h: the terminal reader (issue 6): `dateline` with no command opens
 * full-screen ncursesw screens over the cache (feeds, stories, article,
 * saved, search, help) and refreshes feeds in the background. */
#ifndef UI_H
#define UI_H

/* Run the reader until the user quits. config_dir and db_path may be NULL
 * (XDG locations). The terminal is restored before returning. Returns the
 * exit status: 0, or 1 after one line on stderr saying why the reader
 * could not start (not a terminal, the cache cannot be opened). */
int	 ui_main(const char *config_dir, const char *db_path);
/* 1 if name is an action a `bind` line may name, else 0 (for
 * settings_check). */
int	 ui_action_known(const char *name);

#endif
