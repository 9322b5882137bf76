#!/usr/bin/env bash
# Debian's Redmine under Passenger, for benchmarks/vs_redmine.py (issue 15). Run as root.
#
#   eval "$(scripts/pg-throwaway.sh start)"          # or any PostgreSQL in DATABASE_URL
#   benchmarks/redmine-setup.sh install               # apt-get: redmine redmine-pgsql passenger
#   benchmarks/redmine-setup.sh db                    # database "redmine" beside DATABASE_URL's
#   benchmarks/redmine-setup.sh start                 # Passenger standalone on 127.0.0.1:3100
#   benchmarks/redmine-setup.sh stop
#
# `db` creates (or reuses) the database "redmine" on the PostgreSQL server of DATABASE_URL,
# points Debian's instance "default" at it (/etc/redmine/default/database.yml), runs
# Redmine's migrations and loads its default data in Chinese. `start` runs Redmine in
# production mode as www-data with two application processes (REDMINE_PORT, default 3100).
# Nothing of Redmine goes into this repository.
set -euo pipefail

REDMINE_PORT=${REDMINE_PORT:-3100}
RUN_DIR=${REDMINE_RUN_DIR:-/tmp/redmine-passenger}
APP=/usr/share/redmine

as_www() {
  # DATABASE_URL is Zhenggai's: Rails would prefer it to database.yml, so it must not leak.
  (cd "$APP" && runuser -u www-data -- env -u DATABASE_URL RAILS_ENV=production \
    REDMINE_INSTANCE=default HOME="$RUN_DIR" "$@")
}

case "${1:-}" in
  install)
    # Without this dbconfig-common tries to create a database on the (absent) main
    # cluster on port 5432 and the package stays half-configured. The question exists
    # only once the package has registered it, so register it first (debconf-set-selections
    # refuses an unknown question).
    printf '%s\n' \
      "REGISTER dbconfig-common/dbconfig-install redmine/instances/default/dbconfig-install" \
      "SET redmine/instances/default/dbconfig-install false" \
      "FSET redmine/instances/default/dbconfig-install seen true" |
      debconf-communicate redmine >/dev/null
    if [ -f /etc/dbconfig-common/redmine/instances/default.conf ]; then
      sed -i "s/^dbc_install='true'/dbc_install='false'/" /etc/dbconfig-common/redmine/instances/default.conf
    fi
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y \
      --no-install-recommends redmine redmine-pgsql passenger
    DEBIAN_FRONTEND=noninteractive dpkg --configure -a
    ;;
  db)
    url=${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL server to use}
    eval "$(python3 - "$url" <<'EOF'
import shlex, sys
from urllib.parse import urlsplit
u = urlsplit(sys.argv[1])
for k, v in (("host", u.hostname or "127.0.0.1"), ("port", u.port or 5432),
             ("user", u.username or "postgres"), ("password", u.password or "")):
    print(f"pg_{k}={shlex.quote(str(v))}")
EOF
)"
    export PGPASSWORD=$pg_password
    if ! psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = 'redmine'" | grep -q 1; then
      psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -qc \
        "CREATE DATABASE redmine ENCODING 'UTF8' TEMPLATE template0"
    fi
    umask 027
    cat > /etc/redmine/default/database.yml <<EOF
production:
  adapter: postgresql
  database: redmine
  host: $pg_host
  port: $pg_port
  username: $pg_user
  password: "$pg_password"
  encoding: utf8
EOF
    chown root:www-data /etc/redmine/default/database.yml
    mkdir -p "$RUN_DIR" && chown www-data "$RUN_DIR"
    as_www env SCHEMA=/dev/null bundle exec rake db:migrate >/dev/null
    as_www env REDMINE_LANG=zh bundle exec rake redmine:load_default_data
    ;;
  start)
    mkdir -p "$RUN_DIR" && chown www-data "$RUN_DIR"
    as_www passenger start --address 127.0.0.1 --port "$REDMINE_PORT" \
      --environment production --engine builtin --max-pool-size 2 --min-instances 2 \
      --daemonize --pid-file "$RUN_DIR/passenger.pid" --log-file "$RUN_DIR/passenger.log"
    ;;
  stop)
    as_www passenger stop --pid-file "$RUN_DIR/passenger.pid"
    ;;
  *)
    echo "usage: $0 install | db | start | stop" >&2
    exit 2
    ;;
esac
