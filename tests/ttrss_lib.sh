# tests/ttrss_lib.sh: a private Tiny Tiny RSS (Debian 12's tt-rss package,
# API level 15) for the sync tests, on 127.0.0.1 only: its own PostgreSQL
# cluster on a unix socket and `php -S`, under a temporary state folder
# that t_ttrss_cleanup removes. Sourced after tests/lib.sh. The packages
# come from tools/bootstrap (README "Needs").
#
# What it takes, learnt the hard way:
# - tt-rss and initdb refuse root: as root, everything runs as nobody
#   (setpriv), in a state folder nobody owns.
# - config.php is the old define() style; the package's is a symlink
#   into /etc, so the web root is copied and its relative symlinks made
#   absolute.
# - API access is a user preference (ENABLE_API_ACCESS), without a row
#   for a new user, checked before the password.
# - tt-rss will not fetch feeds from 127.* or from ports other than
#   80/443: a small system plugin (plugins.local) fetches them itself;
#   and this snapshot drops ":port" when it stores a URL
#   (UrlHelper::build_url), patched in the private copy.

T_TTRSS_SRC=/usr/share/tt-rss/www
T_TTRSS_SCHEMA=/usr/share/dbconfig-common/data/tt-rss/install/pgsql
T_TTRSS_USER=admin
T_TTRSS_PASSWORD=password

# t_ttrss_have: 0 when the packages are installed.
t_ttrss_have() {
	[ -d "$T_TTRSS_SRC" ] && [ -f "$T_TTRSS_SCHEMA" ] &&
	    command -v php >/dev/null &&
	    ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 &&
	    php -m 2>/dev/null | grep -qi '^pdo_pgsql$'
}

# t_ttrss_as CMD...: run CMD as the state's owner (nobody under root).
t_ttrss_as() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
	else
		"$@"
	fi
}

t_ttrss_psql() {
	t_ttrss_as env PGHOST="$TT/run" PGUSER=postgres psql -q -X \
	    -v ON_ERROR_STOP=1 -d ttrss "$@"
}

t_ttrss_free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

t_ttrss_cleanup() {
	t_ttrss_stop
	[ -n "${TT:-}" ] && [ -d "$TT/pg" ] &&
	    t_ttrss_as "$T_TTRSS_PG/pg_ctl" -D "$TT/pg" -m immediate -w -s \
	    stop >/dev/null 2>&1
	[ -n "${TT:-}" ] && rm -rf "$TT"
}

t_ttrss_webroot() {
	cp -a "$T_TTRSS_SRC" "$TT/www"
	rm -f "$TT/www/config.php" "$TT/www/feed-icons"
	(cd "$T_TTRSS_SRC" && find . -type l) | while read -r l; do
		[ -L "$TT/www/$l" ] &&
		    ln -sfn "$(readlink -f "$T_TTRSS_SRC/$l")" "$TT/www/$l"
	done
	mkdir -p "$TT/www/feed-icons" "$TT/www/plugins.local/loopback_fetch"
	sed -i 's|^\(\t*\)\$tmp = \$parts\[.scheme.\] \. "://" \. \$parts\[.host.\];|&\n\1if (isset($parts["port"])) $tmp .= ":" . $parts["port"];|' \
	    "$TT/www/classes/urlhelper.php"
	grep -q 'parts\["port"\]' "$TT/www/classes/urlhelper.php"
}

t_ttrss_config() {
	cat >"$TT/www/config.php" <<EOF
<?php
define('DB_TYPE', 'pgsql');
define('DB_HOST', '$TT/run');
define('DB_PORT', '5432');
define('DB_USER', 'postgres');
define('DB_NAME', 'ttrss');
define('DB_PASS', '');
define('MYSQL_CHARSET', 'UTF8');
define('SELF_URL_PATH', 'http://127.0.0.1:$TT_PORT/');
define('SINGLE_USER_MODE', false);
define('SIMPLE_UPDATE_MODE', false);
define('PHP_EXECUTABLE', '/usr/bin/php');
define('LOCK_DIRECTORY', '$TT/lock');
define('CACHE_DIR', '$TT/cache');
define('ICONS_DIR', '$TT/www/feed-icons');
define('ICONS_URL', 'feed-icons');
define('AUTH_AUTO_CREATE', true);
define('AUTH_AUTO_LOGIN', true);
define('FORCE_ARTICLE_PURGE', 0);
define('ENABLE_REGISTRATION', false);
define('REG_NOTIFY_ADDRESS', 'user@example.invalid');
define('REG_MAX_USERS', 10);
define('SESSION_COOKIE_LIFETIME', 86400);
define('SMTP_FROM_NAME', 'Tiny Tiny RSS');
define('SMTP_FROM_ADDRESS', 'noreply@example.invalid');
define('DIGEST_SUBJECT', 'digest');
define('CHECK_FOR_UPDATES', false);
define('ENABLE_GZIP_OUTPUT', false);
define('PLUGINS', 'auth_internal, loopback_fetch');
define('LOG_DESTINATION', '');
define('CONFIG_VERSION', 26);
EOF
	cat >"$TT/www/plugins.local/loopback_fetch/init.php" <<'EOF'
<?php
/* Test harness: tt-rss refuses to fetch 127.0.0.1; this fetches it. */
class Loopback_Fetch extends Plugin {
	function about() { return array(1.0, "loopback feeds (tests)", "dateline", true); }
	function init($host) {
		$host->add_hook($host::HOOK_FETCH_FEED, $this);
		$host->add_hook($host::HOOK_SUBSCRIBE_FEED, $this);
		$host->add_hook($host::HOOK_FEED_BASIC_INFO, $this);
	}
	private function local($url) {
		return parse_url($url, PHP_URL_HOST) == "127.0.0.1";
	}
	private function get($url) {
		$ch = curl_init($url);
		curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => 15]);
		$r = curl_exec($ch);
		$code = curl_getinfo($ch, CURLINFO_HTTP_CODE);
		curl_close($ch);
		return $code == 200 ? $r : false;
	}
	function hook_fetch_feed($data, $url, $owner_uid, $feed, $ts, $login, $pass) {
		return ($this->local($url) && !$data) ? $this->get($url) : $data;
	}
	function hook_subscribe_feed($contents, $url, $login, $pass) {
		return ($this->local($url) && !$contents) ? $this->get($url) : $contents;
	}
	function hook_feed_basic_info($info, $url, $owner_uid, $feed, $login, $pass) {
		if ($info || !$this->local($url)) return $info;
		$d = $this->get($url);
		if (!$d) return $info;
		$rss = new FeedParser(trim($d)); $rss->init();
		if ($rss->error()) return $info;
		return ['title' => mb_substr(clean($rss->get_title()), 0, 199),
			'site_url' => mb_substr(rewrite_relative_url($url, clean($rss->get_link())), 0, 245)];
	}
	function api_version() { return 2; }
}
EOF
}

t_ttrss_db() {
	t_ttrss_as "$T_TTRSS_PG/initdb" -D "$TT/pg" -U postgres --auth=trust \
	    -E UTF8 --no-locale >"$TT/logs/initdb.log" 2>&1 || return 1
	cat >>"$TT/pg/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$TT/run'
port = 5432
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
	t_ttrss_as "$T_TTRSS_PG/pg_ctl" -D "$TT/pg" -l "$TT/logs/pg.log" -w -s \
	    start || return 1
	t_ttrss_as env PGHOST="$TT/run" psql -q -X -U postgres -d postgres \
	    -c "CREATE DATABASE ttrss" || return 1
	t_ttrss_psql -f "$T_TTRSS_SCHEMA" >"$TT/logs/schema.log" 2>&1 ||
	    return 1
	t_ttrss_psql <<EOF
UPDATE ttrss_users SET pwd_hash = 'SHA1:$(printf %s "$T_TTRSS_PASSWORD" | sha1sum | cut -d' ' -f1)' WHERE login = 'admin';
INSERT INTO ttrss_user_prefs (owner_uid, pref_name, value, profile)
  SELECT id, 'ENABLE_API_ACCESS', 'true', NULL FROM ttrss_users WHERE login = 'admin';
EOF
}

# t_ttrss_web_start: php -S on TT_PORT, waiting until the API answers.
t_ttrss_web_start() {
	(cd "$TT/www" && exec setsid sh -c 'exec "$@"' sh \
	    $( [ "$(id -u)" = 0 ] && echo setpriv --reuid=nobody \
	    --regid=nogroup --clear-groups -- ) php -d display_errors=0 \
	    -S "127.0.0.1:$TT_PORT" -t "$TT/www" >>"$TT/logs/php.log" 2>&1) &
	TT_PHP_PID=$!
	_i=0
	until python3 "$top_srcdir/tests/ttrss_api.py" "$TT_API" \
	    "$T_TTRSS_USER" "$T_TTRSS_PASSWORD" getApiLevel \
	    >/dev/null 2>&1; do
		_i=$((_i + 1))
		[ $_i -gt 200 ] && { echo "tt-rss did not answer";
		    tail -5 "$TT/logs/php.log"; return 1; }
		sleep 0.05
	done
}

# t_ttrss_stop: stop the web server (the database stays up).
t_ttrss_stop() {
	[ -n "${TT_PHP_PID:-}" ] || return 0
	kill -- "-$TT_PHP_PID" 2>/dev/null || kill "$TT_PHP_PID" 2>/dev/null
	wait "$TT_PHP_PID" 2>/dev/null
	TT_PHP_PID=
}

# t_ttrss_start: a fresh tt-rss; sets TT (state), TT_PORT, TT_API.
t_ttrss_start() {
	T_TTRSS_PG=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
	TT=$(mktemp -d "${TMPDIR:-/tmp}/dateline-ttrss.XXXXXX")
	chmod 755 "$TT"
	mkdir -p "$TT"/run "$TT"/logs "$TT"/lock \
	    "$TT"/cache/images "$TT"/cache/upload "$TT"/cache/export \
	    "$TT"/cache/feeds "$TT"/cache/js
	TT_PORT=$(t_ttrss_free_port)
	TT_API="http://127.0.0.1:$TT_PORT/api/"
	t_ttrss_webroot || return 1
	t_ttrss_config
	[ "$(id -u)" = 0 ] && chown -R nobody:nogroup "$TT"
	t_ttrss_db || { echo "tt-rss database did not start:";
	    tail -5 "$TT/logs/"*.log; return 1; }
	t_ttrss_web_start
}

# t_ttrss_api OP [KEY=VALUE...]: one API call as admin; content on stdout.
t_ttrss_api() {
	python3 "$top_srcdir/tests/ttrss_api.py" "$TT_API" "$T_TTRSS_USER" \
	    "$T_TTRSS_PASSWORD" "$@"
}
