#!/usr/bin/env bash
# Sourced by Ork's scripts: exports JAVA_HOME pointing at a JDK >= 21, or exits with what to install.
ork_java_major() { # $1 = java binary; the JDK's `release` file when it has one (no JVM start), else ask java
  local release v
  release="$(dirname "$(dirname "$1")")/release"
  if [ -f "$release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
    if [ -n "$v" ]; then echo "$v"; return; fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}
ork_find_jdk() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$c" ] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major=$(ork_java_major "$c/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
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
