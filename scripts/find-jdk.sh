#!/usr/bin/env bash
# Sourced by Ork's scripts: exports JAVA_HOME pointing at a JDK >= 21, or exits with what to install.
# Without forks where it can (parameter expansion, `read`): every `ork` command sources this, and a dozen
# `dirname`/`sed`/subshell forks cost it ~30 ms.
ork_java_major() { # sets ORK_JAVA_MAJOR for the JDK at $1: its `release` file when it has one (no JVM start), else ask java
  local line
  ORK_JAVA_MAJOR=""
  if [ -f "$1/release" ]; then
    while IFS= read -r line; do
      if [[ $line == JAVA_VERSION=\"* ]]; then
        line=${line#JAVA_VERSION=\"}
        ORK_JAVA_MAJOR=${line%%[!0-9]*}
        break
      fi
    done <"$1/release"
  fi
  if [ -z "$ORK_JAVA_MAJOR" ]; then
    ORK_JAVA_MAJOR=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1)
  fi
}
ork_find_jdk() {
  local candidates=() c java
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if java=$(command -v java); then
    java=$(readlink -f "$java")
    candidates+=("${java%/bin/java}")
  fi
  for c in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$c" ] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    ork_java_major "$c"
    if [ -n "$ORK_JAVA_MAJOR" ] && [ "$ORK_JAVA_MAJOR" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$c"; export PATH="$c/bin:$PATH"; return 0
    fi
  done
  cat >&2 <<'MSG'
error: Ork needs a JDK 21 or newer, and none was found
  looked in: $JAVA_HOME, the `java` on PATH, /usr/lib/jvm, /opt, ~/.sdkman
  fix: install one, e.g. `apt-get install openjdk-21-jdk` or Temurin 21 from adoptium.net,
       or point JAVA_HOME at an existing JDK >= 21
MSG
  return 1
}
ork_find_jdk || exit 1
